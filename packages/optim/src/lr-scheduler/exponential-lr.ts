import { finite, knownOptions } from '../check.js';
import { LRScheduler, type AnyOptimizer, type LRSchedulerOptions } from './base.js';

/** Multiply the learning rates by gamma every epoch (torch.optim.lr_scheduler.ExponentialLR). */
export class ExponentialLR extends LRScheduler {
  /** Factor applied to the learning rates every epoch. */
  gamma: number;
  constructor(optimizer: AnyOptimizer, gamma: number, options: LRSchedulerOptions = {}) {
    knownOptions('ExponentialLR', options, ['lastEpoch']);
    finite('ExponentialLR', 'gamma', gamma);
    super('ExponentialLR', optimizer, options);
    this.gamma = gamma;
    this.initialStep();
  }
  protected getLr(): number[] {
    return this.groups.map((g) => (this.lastEpoch === 0 ? g.lr : g.lr * this.gamma));
  }
}
