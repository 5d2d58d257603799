import type { Tensor } from '@torchlet/tensor';

/** What a gradient formula sees of the forward call. */
export interface GradContext<A = any> {
  /** inputs the formula asked to save (others are undefined) */
  readonly inputs: readonly (Tensor | undefined)[];
  /** outputs the formula asked to save (others are undefined) */
  readonly outputs: readonly (Tensor | undefined)[];
  readonly attrs: A;
  /** shapes of every input, always available */
  readonly inputShapes: readonly (readonly number[])[];
  /** which inputs need a gradient */
  readonly needsInputGrad: readonly boolean[];
}

export interface GradientDef<A = any> {
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

/** Register the gradient formula of an op (by the name the tensor package records). */
export function registerGradient<A = any>(op: string, def: GradientDef<A>): void {
  formulas.set(op, def as GradientDef);
}

export function getGradient(op: string): GradientDef | undefined {
  return formulas.get(op);
}

export function listGradients(): string[] {
  return [...formulas.keys()].sort();
}

/** PyTorch-style node names: add -> AddBackward0. */
export function backwardName(op: string): string {
  return `${op.charAt(0).toUpperCase()}${op.slice(1)}Backward0`;
}
