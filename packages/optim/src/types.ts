import type { Tensor } from '@torchlet/tensor';

/** What every optimizer's hyperparameters include. */
export interface BaseHyper {
  /** Learning rate. */
  lr: number;
}

/** Keys that learning-rate schedulers add to param groups (PyTorch's initial_lr, max_lr, ...). */
export interface ScheduleKeys {
  /** The group's learning rate when a scheduler started (PyTorch's `initial_lr`). */
  initialLr?: number;
  /** OneCycleLR's peak learning rate. */
  maxLr?: number;
  /** OneCycleLR's final learning rate. */
  minLr?: number;
  /** OneCycleLR's highest momentum. */
  maxMomentum?: number;
  /** OneCycleLR's lowest momentum. */
  baseMomentum?: number;
}

/** A parameter group as the optimizer holds it: its tensors and every hyperparameter. */
export type ParamGroup<H extends object = BaseHyper> = H &
  ScheduleKeys & {
    /** The group's parameters. */
    params: Tensor[];
    [key: string]: unknown;
  };

/** A parameter group as the user passes it: hyperparameters left out fall back to the optimizer's options. */
export type ParamGroupInput<H extends object = BaseHyper> = Partial<H> & {
  /** The group's parameters: one tensor or any iterable of them (`model.fc.parameters()`). */
  params: Tensor | Iterable<Tensor>;
  [key: string]: unknown;
};

/** Tensors (an array, a generator, `model.parameters()`...) or parameter groups. */
export type Params<H extends object = BaseHyper> = Iterable<Tensor> | Iterable<ParamGroupInput<H>>;

/** Values a per-parameter state holds: tensors, numbers (step counts) and null (no buffer yet). */
export type StateValue = Tensor | number | boolean | null;

/** A parameter group in a state dict: hyperparameters plus the indices of its parameters. */
export type PackedParamGroup = {
  /** Indices of the group's parameters, counted over all groups in order. */
  params: number[];
  [key: string]: unknown;
};

/**
 * PyTorch's optimizer state dict format in camelCase: `state` keyed by parameter index (in the
 * order of the groups), `paramGroups` with hyperparameters and parameter indices. Plain objects,
 * arrays, numbers and booleans, with tensors as tensors.
 */
export interface OptimizerStateDict {
  /** Per-parameter state, keyed by the parameter's index over all groups. */
  state: Record<number, Record<string, StateValue>>;
  /** The groups: hyperparameters plus the indices of their parameters. */
  paramGroups: PackedParamGroup[];
}
