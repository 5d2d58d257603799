export { Optimizer, type ZeroGradOptions } from './optimizer.js';
export type {
  BaseHyper,
  ScheduleKeys,
  ParamGroup,
  ParamGroupInput,
  Params,
  StateValue,
  PackedParamGroup,
  OptimizerStateDict,
} from './types.js';

export { SGD, type SGDOptions } from './optimizers/sgd.js';
export { Adam, type AdamOptions } from './optimizers/adam.js';
export { AdamW, type AdamWOptions } from './optimizers/adamw.js';
export { RMSprop, type RMSpropOptions } from './optimizers/rmsprop.js';
export { Adagrad, type AdagradOptions } from './optimizers/adagrad.js';

// the per-parameter update rules, usable without the classes
export { sgdStep, type SGDHyper, type SGDState } from './steps/sgd.js';
export { adamStep, adamInitState, type AdamHyper, type AdamState } from './steps/adam.js';
export { adamwStep, type AdamWHyper, type AdamWState } from './steps/adamw.js';
export { rmspropStep, rmspropInitState, type RMSpropHyper, type RMSpropState } from './steps/rmsprop.js';
export { adagradStep, adagradInitState, type AdagradHyper, type AdagradState } from './steps/adagrad.js';

export { LRScheduler, type LRSchedulerOptions, type SchedulerStateDict, type AnyOptimizer } from './lr-scheduler/base.js';
export { StepLR, type StepLROptions } from './lr-scheduler/step-lr.js';
export { MultiStepLR, type MultiStepLROptions } from './lr-scheduler/multi-step-lr.js';
export { ExponentialLR } from './lr-scheduler/exponential-lr.js';
export { CosineAnnealingLR, type CosineAnnealingLROptions } from './lr-scheduler/cosine-annealing-lr.js';
export { LinearLR, type LinearLROptions } from './lr-scheduler/linear-lr.js';
export { OneCycleLR, type OneCycleLROptions, type OneCyclePhase } from './lr-scheduler/one-cycle-lr.js';
