import { ValueError } from '@torchlet/tensor';
import { finite, knownOptions } from '../check.js';
import { LRScheduler, type AnyOptimizer, type LRSchedulerOptions } from './base.js';

/** Options of {@link MultiStepLR}. */
export interface MultiStepLROptions extends LRSchedulerOptions {
  /** multiplicative factor of learning rate decay; default 0.1 */
  gamma?: number;
}

/**
 * Multiply the learning rates by gamma at each milestone epoch; a milestone listed twice decays
 * twice (torch.optim.lr_scheduler.MultiStepLR).
 */
export class MultiStepLR extends LRScheduler {
  /** sorted, with repeats */
  milestones: number[];
  /** Factor applied at each milestone. */
  gamma: number;
  constructor(optimizer: AnyOptimizer, milestones: readonly number[], options: MultiStepLROptions = {}) {
    knownOptions('MultiStepLR', options, ['gamma', 'lastEpoch']);
    const gamma = finite('MultiStepLR', 'gamma', options.gamma ?? 0.1);
    if (!Array.isArray(milestones) || milestones.some((m) => !Number.isInteger(m) || m < 0)) {
      throw new ValueError(
        `milestones must be an array of epoch indices (integers >= 0), e.g. [30, 80]; got ${String(milestones)}`,
        'MultiStepLR',
      );
    }
    super('MultiStepLR', optimizer, options);
    this.milestones = [...milestones].sort((a, b) => a - b);
    this.gamma = gamma;
    this.initialStep();
  }
  protected getLr(): number[] {
    const hits = this.milestones.filter((m) => m === this.lastEpoch).length;
    return this.groups.map((g) => (hits === 0 ? g.lr : g.lr * this.gamma ** hits));
  }
}
