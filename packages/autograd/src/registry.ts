import type { RecordedOpName, RecordedOps, Tensor } from '@torchlet/tensor';

/** What a gradient formula sees of the forward call. */
export interface GradContext<A = unknown> {
  /** inputs the formula asked to save (others are undefined) */
  readonly inputs: readonly (Tensor | undefined)[];
  /** outputs the formula asked to save (others are undefined) */
  readonly outputs: readonly (Tensor | undefined)[];
  /** The attributes the op recorded (for a built-in op, its entry of `RecordedOps`). */
  readonly attrs: A;
  /** shapes of every input, always available */
  readonly inputShapes: readonly (readonly number[])[];
  /** which inputs need a gradient */
  readonly needsInputGrad: readonly boolean[];
}

/** A gradient formula for one op: what it saves from the forward call, and its backward. */
export interface GradientDef<A = unknown> {
  /** which inputs backward reads (true = all); they are kept alive and version-checked */
  saveInputs?: boolean | readonly number[];
  /** whether backward reads the outputs */
  saveOutputs?: boolean;
  /** inputs that never get a gradient (indices, conditions) */
  nonDifferentiable?: readonly number[];
  /**
   * Gradients of the inputs from the gradients of the outputs. Written with tensor ops, so
   * they are differentiable again under `createGraph`.
   */
  backward(ctx: GradContext<A>, gradOutputs: readonly Tensor[]): readonly (Tensor | null | undefined)[];
}

const formulas = new Map<string, GradientDef>();

/**
 * Register the gradient formula of an op your own code records with `apply(name, ...)` (any
 * name the tensor package does not record; `defineFunction` is the simpler way).
 * @example registerCustomGradient<{ k: number }>('custom:scale', { backward: (ctx, [g]) => [g!.mul(ctx.attrs.k)] });
 */
export function registerCustomGradient<A = unknown>(op: string, def: GradientDef<A>): void {
  formulas.set(op, def as GradientDef);
}

/**
 * Register the gradient formula of an op the tensor package records, by its name; `ctx.attrs`
 * is typed with what that op records (`RecordedOps` of @torchlet/tensor). The same function as
 * registerCustomGradient, typed to take only recorded op names.
 * @example registerGradient('exp', { saveOutputs: true, backward: (ctx, [g]) => [g!.mul(ctx.outputs[0]!)] });
 */
export const registerGradient: <K extends RecordedOpName>(op: K, def: GradientDef<RecordedOps[K]>) => void = registerCustomGradient;

/** The formula registered for `op`, if any. */
export function getGradient(op: string): GradientDef | undefined {
  return formulas.get(op);
}

/** Names of the ops that have a gradient formula, sorted. */
export function listGradients(): string[] {
  return [...formulas.keys()].sort();
}

/** PyTorch-style node names: add -> AddBackward0. */
export function backwardName(op: string): string {
  return `${op.charAt(0).toUpperCase()}${op.slice(1)}Backward0`;
}
