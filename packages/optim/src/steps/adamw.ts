import type { Tensor } from '@torchlet/tensor';
import { fusable } from './temps.js';
import { adamUpdate, fusedAdam, type AdamHyper, type AdamState } from './adam.js';

/** AdamW's hyperparameters: Adam's, with `weightDecay` decoupled from the gradient. */
export type AdamWHyper = AdamHyper;
/** AdamW's state of one parameter: Adam's. */
export type AdamWState = AdamState;

/**
 * One AdamW update in place (PyTorch 1.13's `_single_tensor_adamw`): decoupled weight decay
 * p *= 1 - lr * weightDecay, then Adam's update with the plain gradient.
 */
export function adamwStep(param: Tensor, grad: Tensor, state: AdamWState, h: AdamWHyper): void {
  if (fusable('adamStep', param, grad)) {
    fusedAdam(param, grad, state, h, true);
    return;
  }
  const g = h.maximize ? grad.neg() : grad;
  param.mul_(1 - h.lr * h.weightDecay);
  adamUpdate(param, g, state, h);
}
