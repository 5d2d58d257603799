import { ValueError } from '@torchlet/tensor';
import { finite, knownOptions } from '../check.js';
import { LRScheduler, type AnyOptimizer, type LRSchedulerOptions } from './base.js';

/** Options of {@link CosineAnnealingLR}. */
export interface CosineAnnealingLROptions extends LRSchedulerOptions {
  /** minimum learning rate; default 0 */
  etaMin?: number;
}

/**
 * Cosine annealing from each group's initial rate down to etaMin over TMax epochs, then back up
 * (torch.optim.lr_scheduler.CosineAnnealingLR, in PyTorch 1.13's recursive form).
 */
export class CosineAnnealingLR extends LRScheduler {
  /** Number of epochs from the initial rate down to `etaMin` (half a cosine period). */
  TMax: number;
  /** The minimum learning rate. */
  etaMin: number;
  constructor(optimizer: AnyOptimizer, TMax: number, options: CosineAnnealingLROptions = {}) {
    knownOptions('CosineAnnealingLR', options, ['etaMin', 'lastEpoch']);
    if (typeof TMax !== 'number' || !(TMax > 0) || !Number.isFinite(TMax)) {
      throw new ValueError(
        `TMax (the number of epochs of half a cosine period) must be a positive number, got ${String(TMax)}`,
        'CosineAnnealingLR',
      );
    }
    const etaMin = finite('CosineAnnealingLR', 'etaMin', options.etaMin ?? 0);
    super('CosineAnnealingLR', optimizer, options);
    this.TMax = TMax;
    this.etaMin = etaMin;
    this.initialStep();
  }
  protected getLr(): number[] {
    const { lastEpoch: e, TMax: T, etaMin } = this;
    if (e === 0) return this.groups.map((g) => g.lr);
    if (this.stepCount === 1 && e > 0) {
      return this.baseLrs.map((base) => etaMin + ((base - etaMin) * (1 + Math.cos((e * Math.PI) / T))) / 2);
    }
    if ((((e - 1 - T) % (2 * T)) + 2 * T) % (2 * T) === 0) {
      return this.groups.map((g, i) => g.lr + ((this.baseLrs[i]! - etaMin) * (1 - Math.cos(Math.PI / T))) / 2);
    }
    return this.groups.map((g) => ((1 + Math.cos((Math.PI * e) / T)) / (1 + Math.cos((Math.PI * (e - 1)) / T))) * (g.lr - etaMin) + etaMin);
  }
}
