import { ValueError } from '@torchlet/tensor';
import { knownOptions, positiveInt } from '../check.js';
import type { ScheduleKeys } from '../types.js';
import { LRScheduler, type AnyOptimizer, type LRSchedulerOptions } from './base.js';

/** Options of {@link OneCycleLR}: give `totalSteps`, or `epochs` and `stepsPerEpoch`. */
export interface OneCycleLROptions extends LRSchedulerOptions {
  /** the number of steps in the cycle; or give epochs and stepsPerEpoch */
  totalSteps?: number;
  /** Number of epochs; with `stepsPerEpoch`, `totalSteps = epochs * stepsPerEpoch`. */
  epochs?: number;
  /** Steps (batches) per epoch; with `epochs`. */
  stepsPerEpoch?: number;
  /** fraction of the cycle spent increasing the learning rate; default 0.3 */
  pctStart?: number;
  /** default 'cos' */
  annealStrategy?: 'cos' | 'linear';
  /** cycle momentum (SGD, RMSprop) or beta1 (Adam, AdamW) inversely to the learning rate; default true */
  cycleMomentum?: boolean;
  /** default 0.85 (one value or one per group) */
  baseMomentum?: number | number[];
  /** default 0.95 (one value or one per group) */
  maxMomentum?: number | number[];
  /** initialLr = maxLr / divFactor; default 25 */
  divFactor?: number;
  /** minLr = initialLr / finalDivFactor; default 1e4 */
  finalDivFactor?: number;
  /** warm up, come back down to initialLr, then anneal to minLr; default false */
  threePhase?: boolean;
}

type LrKey = 'initialLr' | 'maxLr' | 'minLr';
type MomentumKey = 'maxMomentum' | 'baseMomentum';
/** One phase of the 1cycle schedule: from step 0 (or the previous phase's end) to `endStep`, the rate moves between two of the group's rates and momentum between two momenta. */
export interface OneCyclePhase {
  /** Last step of this phase. */
  endStep: number;
  /** Group key of the rate at the phase's start. */
  startLr: LrKey;
  /** Group key of the rate at the phase's end. */
  endLr: LrKey;
  /** Group key of the momentum at the phase's start. */
  startMomentum: MomentumKey;
  /** Group key of the momentum at the phase's end. */
  endMomentum: MomentumKey;
}

const OPTIONS = [
  'totalSteps',
  'epochs',
  'stepsPerEpoch',
  'pctStart',
  'annealStrategy',
  'cycleMomentum',
  'baseMomentum',
  'maxMomentum',
  'divFactor',
  'finalDivFactor',
  'threePhase',
  'lastEpoch',
];

function phasesFor(total: number, pct: number, threePhase: boolean): OneCyclePhase[] {
  const up: OneCyclePhase = {
    endStep: pct * total - 1,
    startLr: 'initialLr',
    endLr: 'maxLr',
    startMomentum: 'maxMomentum',
    endMomentum: 'baseMomentum',
  };
  if (!threePhase)
    return [up, { endStep: total - 1, startLr: 'maxLr', endLr: 'minLr', startMomentum: 'baseMomentum', endMomentum: 'maxMomentum' }];
  return [
    up,
    { endStep: 2 * pct * total - 2, startLr: 'maxLr', endLr: 'initialLr', startMomentum: 'baseMomentum', endMomentum: 'maxMomentum' },
    { endStep: total - 1, startLr: 'initialLr', endLr: 'minLr', startMomentum: 'maxMomentum', endMomentum: 'maxMomentum' },
  ];
}

function perGroup(name: string, value: number | number[], groups: number): number[] {
  const list = Array.isArray(value) ? value : Array<number>(groups).fill(value);
  if (list.length !== groups) throw new ValueError(`expected ${groups} values for ${name}, got ${list.length}`, 'OneCycleLR');
  list.forEach((v) => {
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new ValueError(`${name} must be a finite number, got ${String(v)}`, 'OneCycleLR');
  });
  return list;
}

function positive(name: string, v: number): number {
  if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v))
    throw new ValueError(`${name} must be a positive number, got ${String(v)}`, 'OneCycleLR');
  return v;
}

/**
 * The 1cycle policy (torch.optim.lr_scheduler.OneCycleLR): the learning rate rises from
 * maxLr / divFactor to maxLr, then anneals to initialLr / finalDivFactor, while momentum moves
 * the other way. Step it after every batch, totalSteps times in all.
 */
export class OneCycleLR extends LRScheduler {
  /** Number of steps in the cycle. */
  totalSteps: number;
  /** The phases: two (up, down), or three with `threePhase`. */
  phases: OneCyclePhase[];
  /** 'cos' (the default) or 'linear' interpolation within a phase. */
  annealStrategy: 'cos' | 'linear';
  /** Whether momentum (or Adam's beta1) moves inversely to the learning rate. */
  cycleMomentum: boolean;
  /** True when the optimizer has `betas` (Adam, AdamW): then beta1 is cycled instead of `momentum`. */
  useBeta1: boolean;

  constructor(optimizer: AnyOptimizer, maxLr: number | number[], options: OneCycleLROptions = {}) {
    const op = 'OneCycleLR';
    knownOptions(op, options, OPTIONS);
    const {
      pctStart = 0.3,
      annealStrategy = 'cos',
      cycleMomentum = true,
      divFactor = 25,
      finalDivFactor = 1e4,
      threePhase = false,
    } = options;
    let total: number;
    if (options.totalSteps !== undefined) total = positiveInt(op, 'totalSteps', options.totalSteps);
    else if (options.epochs !== undefined || options.stepsPerEpoch !== undefined) {
      total = positiveInt(op, 'epochs', options.epochs) * positiveInt(op, 'stepsPerEpoch', options.stepsPerEpoch);
    } else throw new ValueError('You must define either totalSteps OR (epochs AND stepsPerEpoch)', op);
    if (typeof pctStart !== 'number' || !(pctStart >= 0 && pctStart <= 1))
      throw new ValueError(`Expected number between 0 and 1 pctStart, but got ${String(pctStart)}`, op);
    if (pctStart * total === 1)
      throw new ValueError(
        `pctStart * totalSteps is exactly 1, which leaves the warm-up phase no steps; change pctStart or totalSteps`,
        op,
      );
    if (annealStrategy !== 'cos' && annealStrategy !== 'linear')
      throw new ValueError(`annealStrategy must be one of 'cos' or 'linear', instead got ${String(annealStrategy)}`, op);
    if (typeof cycleMomentum !== 'boolean' || typeof threePhase !== 'boolean')
      throw new ValueError('cycleMomentum and threePhase must be true or false', op);
    positive('divFactor', divFactor);
    positive('finalDivFactor', finalDivFactor);
    if (!optimizer || !Array.isArray(optimizer.paramGroups)) throw new ValueError('the first argument must be an Optimizer', op);
    const n = optimizer.paramGroups.length;
    const maxLrs = perGroup('maxLr', maxLr, n);
    const defaults = optimizer.defaults as Record<string, unknown>;
    const useBeta1 = 'betas' in defaults;
    if (cycleMomentum && !('momentum' in defaults) && !useBeta1) {
      throw new ValueError(
        `optimizer must support momentum with cycleMomentum enabled (${optimizer.name} has neither momentum nor betas); pass cycleMomentum: false`,
        op,
      );
    }
    const maxMoms = cycleMomentum ? perGroup('maxMomentum', options.maxMomentum ?? 0.95, n) : [];
    const baseMoms = cycleMomentum ? perGroup('baseMomentum', options.baseMomentum ?? 0.85, n) : [];
    if ((options.lastEpoch ?? -1) === -1) {
      optimizer.paramGroups.forEach((g, i) => {
        const keys: ScheduleKeys = g;
        keys.initialLr = maxLrs[i]! / divFactor;
        keys.maxLr = maxLrs[i]!;
        keys.minLr = keys.initialLr / finalDivFactor;
        if (!cycleMomentum) return;
        if (useBeta1) g.betas = [maxMoms[i]!, ...(g.betas as number[]).slice(1)];
        else g.momentum = maxMoms[i]!;
        keys.maxMomentum = maxMoms[i]!;
        keys.baseMomentum = baseMoms[i]!;
      });
    }
    super(op, optimizer, options);
    this.totalSteps = total;
    this.phases = phasesFor(total, pctStart, threePhase);
    this.annealStrategy = annealStrategy;
    this.cycleMomentum = cycleMomentum;
    this.useBeta1 = useBeta1;
    this.initialStep();
  }

  private anneal(start: number, end: number, pct: number): number {
    if (this.annealStrategy === 'linear') return (end - start) * pct + start;
    return end + ((start - end) / 2) * (Math.cos(Math.PI * pct) + 1);
  }

  protected getLr(): number[] {
    const stepNum = this.lastEpoch;
    if (stepNum > this.totalSteps) {
      throw new ValueError(
        `Tried to step ${stepNum + 1} times. The specified number of total steps is ${this.totalSteps}; make totalSteps (or epochs * stepsPerEpoch) the number of optimizer steps you take`,
        this.name,
      );
    }
    const moms: number[] = [];
    const lrs = this.groups.map((group) => {
      const g = group as Record<string, unknown> & Required<ScheduleKeys>;
      let start = 0;
      for (let i = 0; i < this.phases.length; i++) {
        const phase = this.phases[i]!;
        if (stepNum <= phase.endStep || i === this.phases.length - 1) {
          const pct = (stepNum - start) / (phase.endStep - start);
          if (this.cycleMomentum) moms.push(this.anneal(g[phase.startMomentum], g[phase.endMomentum], pct));
          return this.anneal(g[phase.startLr], g[phase.endLr], pct);
        }
        start = phase.endStep;
      }
      throw new Error('unreachable: the last phase always matches');
    });
    if (this.cycleMomentum) {
      this.groups.forEach((g, i) => {
        if (this.useBeta1) g.betas = [moms[i]!, ...(g.betas as number[]).slice(1)];
        else g.momentum = moms[i]!;
      });
    }
    return lrs;
  }
}
