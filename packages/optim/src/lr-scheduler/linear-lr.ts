import { ValueError } from '@torchlet/tensor';
import { knownOptions, positiveInt } from '../check.js';
import { LRScheduler, type AnyOptimizer, type LRSchedulerOptions } from './base.js';

/** Options of {@link LinearLR}. */
export interface LinearLROptions extends LRSchedulerOptions {
  /** factor of the first epoch, in (0, 1]; default 1/3 */
  startFactor?: number;
  /** factor reached after totalIters epochs, in [0, 1]; default 1 */
  endFactor?: number;
  /** default 5 */
  totalIters?: number;
}

/**
 * Scale the learning rates by a factor moving linearly from startFactor to endFactor over
 * totalIters epochs, e.g. a warm-up (torch.optim.lr_scheduler.LinearLR, chainable form).
 */
export class LinearLR extends LRScheduler {
  /** Factor of the first epoch. */
  startFactor: number;
  /** Factor reached after `totalIters` epochs and kept after. */
  endFactor: number;
  /** Number of epochs the factor moves over. */
  totalIters: number;
  constructor(optimizer: AnyOptimizer, options: LinearLROptions = {}) {
    knownOptions('LinearLR', options, ['startFactor', 'endFactor', 'totalIters', 'lastEpoch']);
    const { startFactor = 1 / 3, endFactor = 1, totalIters = 5 } = options;
    if (typeof startFactor !== 'number' || !(startFactor > 0 && startFactor <= 1)) {
      throw new ValueError(
        `Starting multiplicative factor expected to be greater than 0 and less or equal to 1, got ${startFactor}`,
        'LinearLR',
      );
    }
    if (typeof endFactor !== 'number' || !(endFactor >= 0 && endFactor <= 1)) {
      throw new ValueError(`Ending multiplicative factor expected to be between 0 and 1, got ${endFactor}`, 'LinearLR');
    }
    positiveInt('LinearLR', 'totalIters', totalIters);
    super('LinearLR', optimizer, options);
    this.startFactor = startFactor;
    this.endFactor = endFactor;
    this.totalIters = totalIters;
    this.initialStep();
  }
  protected getLr(): number[] {
    const { lastEpoch: e, startFactor: s, endFactor: f, totalIters: n } = this;
    if (e === 0) return this.groups.map((g) => g.lr * s);
    if (e > n) return this.groups.map((g) => g.lr);
    return this.groups.map((g) => g.lr * (1 + (f - s) / (n * s + (e - 1) * (f - s))));
  }
}
