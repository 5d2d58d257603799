import type { Tensor } from '@torchlet/tensor';
import { AutogradError, apply, isTensor } from '@torchlet/tensor';
import { registerCustomGradient } from './registry.js';

/** The context of one custom Function call (as torch.autograd.Function's ctx). */
export class FunctionCtx {
  /** @internal */ saved: Tensor[] = [];
  /** free-form storage for non-tensor values */
  readonly state: Record<string, unknown> = {};
  /** Per input of the call: whether it requires grad (set before backward runs), so backward can skip gradients nobody needs. */
  needsInputGrad: boolean[] = [];
  /** Keep tensors for backward (PyTorch's `ctx.save_for_backward`); read them back with {@link FunctionCtx.savedTensors}. */
  saveForBackward(...tensors: Tensor[]): void {
    this.saved = tensors;
  }
  /** The tensors passed to {@link FunctionCtx.saveForBackward}, in order. */
  get savedTensors(): Tensor[] {
    return this.saved;
  }
}

/** A custom differentiable op for {@link defineFunction}: a name, a forward and its hand-written backward. */
export interface FunctionDef {
  /** a unique name; the node is called `${name}Backward` */
  name: string;
  /** Compute the output from the inputs; runs without recording a graph. Save what backward needs on `ctx`. */
  forward(ctx: FunctionCtx, ...inputs: Tensor[]): Tensor;
  /** one gradient (or null) per tensor input */
  backward(ctx: FunctionCtx, gradOutput: Tensor): (Tensor | null)[];
}

/**
 * A differentiable op with a hand-written gradient (PyTorch's `torch.autograd.Function`). Returns
 * the callable op.
 *
 * @example
 * ```ts
 * import { defineFunction, tensor } from 'torchlet';
 * const myExp = defineFunction({
 *   name: 'MyExp',
 *   forward(ctx, x) {
 *     const y = x.exp();
 *     ctx.saveForBackward(y);
 *     return y;
 *   },
 *   backward(ctx, g) {
 *     const [y] = ctx.savedTensors;
 *     return [g.mul(y!)];
 *   },
 * });
 * const x = tensor([0, 1], { dtype: 'float32', requiresGrad: true });
 * myExp(x).sum().backward();
 * x.grad; // tensor([1.0000, 2.7183])
 * ```
 */
export function defineFunction(def: FunctionDef): (...inputs: Tensor[]) => Tensor {
  const op = `custom:${def.name}`;
  registerCustomGradient<{ ctx: FunctionCtx }>(op, {
    backward: (c, [g]) => {
      c.attrs.ctx.needsInputGrad = [...c.needsInputGrad];
      const grads = def.backward(c.attrs.ctx, g!);
      if (!Array.isArray(grads) || grads.length !== c.inputShapes.length) {
        throw new AutogradError(
          `backward returned ${Array.isArray(grads) ? grads.length : 'a non-array'} gradients, expected ${c.inputShapes.length} (one per input, null for none)`,
          def.name,
        );
      }
      return grads;
    },
  });
  return (...inputs: Tensor[]) => {
    if (!inputs.every(isTensor)) throw new AutogradError('custom functions take tensors as inputs', def.name);
    const ctx = new FunctionCtx();
    ctx.needsInputGrad = inputs.map((t) => t.requiresGrad);
    const out = apply(op, inputs, { ctx }, () => def.forward(ctx, ...inputs));
    if (out.gradFn) (out.gradFn as { name: string }).name = `${def.name}Backward`;
    return out;
  };
}
