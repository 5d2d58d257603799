import { ValueError } from '@torchlet/tensor';
import { Optimizer } from '../optimizer.js';
import type { BaseHyper, ParamGroup } from '../types.js';

/** Options every scheduler takes. */
export interface LRSchedulerOptions {
  /** the index of the last epoch when resuming (the groups must then carry `initialLr`); default -1 */
  lastEpoch?: number;
}

/** A scheduler's state: plain numbers, strings, booleans, arrays and objects (JSON-serialisable). */
export type SchedulerStateDict = Record<string, unknown>;

/** Any optimizer (schedulers only touch its paramGroups and defaults). */
// biome-ignore lint/suspicious/noExplicitAny: schedulers accept an optimizer with any per-parameter state type (they never read the state)
export type AnyOptimizer = Optimizer<BaseHyper, any>;

const NOT_STATE = new Set(['optimizer', 'name']);

/**
 * Base of the learning-rate schedulers (torch.optim.lr_scheduler._LRScheduler). `step()` advances
 * `lastEpoch` and writes the new learning rates into the optimizer's groups; `getLastLr()` reads
 * them back. Subclasses compute the rates in `getLr()` (PyTorch's chainable form, from the groups'
 * current rates) and call `this.initialStep()` at the end of their constructor.
 */
export abstract class LRScheduler {
  /** The optimizer whose groups' learning rates this scheduler sets. */
  readonly optimizer: AnyOptimizer;
  /** The scheduler's class name, used in errors ('StepLR'). */
  readonly name: string;
  /** the groups' initial learning rates */
  baseLrs: number[];
  /** The epoch (or step) count: -1 before the first step, then advanced by {@link LRScheduler.step}. */
  lastEpoch: number;
  /** how many times step() has run, the initial step included */
  stepCount = 0;
  /** The learning rates the last step set, one per group (read with {@link LRScheduler.getLastLr}). */
  protected lastLr: number[] = [];

  constructor(name: string, optimizer: AnyOptimizer, options: LRSchedulerOptions = {}) {
    if (!(optimizer instanceof Optimizer)) {
      throw new ValueError(
        `${optimizer === null ? 'null' : typeof optimizer} is not an Optimizer; pass the optimizer whose learning rate to schedule`,
        name,
      );
    }
    const lastEpoch = options.lastEpoch ?? -1;
    if (!Number.isInteger(lastEpoch) || lastEpoch < -1) throw new ValueError(`lastEpoch must be an integer >= -1, got ${lastEpoch}`, name);
    this.name = name;
    this.optimizer = optimizer;
    if (lastEpoch === -1) {
      for (const g of optimizer.paramGroups) g.initialLr ??= g.lr;
    } else {
      optimizer.paramGroups.forEach((g, i) => {
        if (g.initialLr === undefined) {
          throw new ValueError(
            `param 'initialLr' is not specified in paramGroups[${i}] when resuming an optimizer; load the optimizer's stateDict() first, or leave lastEpoch at -1`,
            name,
          );
        }
      });
    }
    this.baseLrs = optimizer.paramGroups.map((g) => g.initialLr!);
    this.lastEpoch = lastEpoch;
  }

  /** The optimizer's parameter groups. */
  protected get groups(): ParamGroup<BaseHyper>[] {
    return this.optimizer.paramGroups;
  }

  /** The learning rates for `this.lastEpoch`, one per group. */
  protected abstract getLr(): number[];

  /** Set the first learning rates (epoch lastEpoch + 1); subclasses call it last in their constructor. */
  protected initialStep(): void {
    this.stepCount = 0;
    this.step();
  }

  /** Advance one epoch (call it after optimizer.step()). */
  step(): void {
    this.lastEpoch += 1;
    this.stepCount += 1;
    let lrs: number[];
    try {
      lrs = this.getLr();
    } catch (e) {
      this.lastEpoch -= 1;
      this.stepCount -= 1;
      throw e;
    }
    this.groups.forEach((g, i) => {
      g.lr = lrs[i]!;
    });
    this.lastLr = this.groups.map((g) => g.lr);
  }

  /** The learning rates the last step() set, one per group. */
  getLastLr(): number[] {
    return [...this.lastLr];
  }

  /** Everything but the optimizer: plain, JSON-serialisable values. */
  stateDict(): SchedulerStateDict {
    const out: SchedulerStateDict = {};
    for (const [k, v] of Object.entries(this)) if (!NOT_STATE.has(k)) out[k] = structuredClone(v);
    return out;
  }

  /** Restore a state from {@link LRScheduler.stateDict} (the optimizer is not touched; load its own state separately). */
  loadStateDict(stateDict: SchedulerStateDict): void {
    if (stateDict === null || typeof stateDict !== 'object')
      throw new ValueError('loadStateDict expects an object returned by stateDict()', this.name);
    const own = this as unknown as Record<string, unknown>;
    for (const [k, v] of Object.entries(stateDict)) {
      if (NOT_STATE.has(k) || !(k in own) || typeof own[k] === 'function') {
        throw new ValueError(`'${k}' is not part of a ${this.name}'s state; was this state dict saved from another scheduler?`, this.name);
      }
      if (Array.isArray(own[k]) !== Array.isArray(v) || typeof own[k] !== typeof v) {
        throw new ValueError(
          `state '${k}' should be ${Array.isArray(own[k]) ? 'an array' : typeof own[k]}, got ${Array.isArray(v) ? 'an array' : typeof v}`,
          this.name,
        );
      }
    }
    for (const [k, v] of Object.entries(stateDict)) own[k] = structuredClone(v);
  }
}
