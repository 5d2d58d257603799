import { finite, knownOptions, positiveInt } from '../check.js';
import { LRScheduler, type AnyOptimizer, type LRSchedulerOptions } from './base.js';

/** Options of {@link StepLR}. */
export interface StepLROptions extends LRSchedulerOptions {
  /** multiplicative factor of learning rate decay; default 0.1 */
  gamma?: number;
}

/** Multiply every group's learning rate by gamma every `stepSize` epochs (torch.optim.lr_scheduler.StepLR). */
export class StepLR extends LRScheduler {
  /** Epochs between two decays. */
  stepSize: number;
  /** Factor applied every `stepSize` epochs. */
  gamma: number;
  constructor(optimizer: AnyOptimizer, stepSize: number, options: StepLROptions = {}) {
    knownOptions('StepLR', options, ['gamma', 'lastEpoch']);
    const gamma = finite('StepLR', 'gamma', options.gamma ?? 0.1);
    positiveInt('StepLR', 'stepSize', stepSize);
    super('StepLR', optimizer, options);
    this.stepSize = stepSize;
    this.gamma = gamma;
    this.initialStep();
  }
  protected getLr(): number[] {
    const decay = this.lastEpoch !== 0 && this.lastEpoch % this.stepSize === 0;
    return this.groups.map((g) => (decay ? g.lr * this.gamma : g.lr));
  }
}
