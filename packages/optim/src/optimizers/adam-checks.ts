import { betas, boolean, nonNegative } from '../check.js';
import type { AdamHyper } from '../steps/adam.js';

/** The argument rules Adam and AdamW share. */
export function checkAdamHyper(op: string, h: Partial<AdamHyper>): void {
  if (h.lr !== undefined) nonNegative(op, h, 'lr', 'learning rate', '0.001');
  if (h.eps !== undefined) nonNegative(op, h, 'eps', 'epsilon value', '1e-8');
  if (h.betas !== undefined) betas(op, h);
  if (h.weightDecay !== undefined) nonNegative(op, h, 'weightDecay', 'weight_decay value', '0.01');
  if (h.amsgrad !== undefined) boolean(op, h, 'amsgrad');
  if (h.maximize !== undefined) boolean(op, h, 'maximize');
}
