import type { Tensor } from '@torchlet/tensor';
import { AutogradError, apply, isTensor } from '@torchlet/tensor';
import { registerCustomGradient } from './registry.js';

/** The context of one custom Function call (as torch.autograd.Function's ctx). */
export class FunctionCtx {
  /** @internal */ saved: Tensor[] = [];
  /** free-form storage for non-tensor values */
  readonly state: Record<string, unknown> = {};
  needsInputGrad: boolean[] = [];
  saveForBackward(...tensors: Tensor[]): void {
    this.saved = tensors;
  }
  get savedTensors(): Tensor[] {
    return this.saved;
  }
}

export interface FunctionDef {
  /** a unique name; the node is called `${name}Backward` */
  name: string;
  forward(ctx: FunctionCtx, ...inputs: Tensor[]): Tensor;
  /** one gradient (or null) per tensor input */
  backward(ctx: FunctionCtx, gradOutput: Tensor): (Tensor | null)[];
}

/**
 * A differentiable op with a hand-written gradient. Returns the callable op:
 * `const myExp = defineFunction({ name: 'MyExp', forward(ctx, x) {...}, backward(ctx, g) {...} })`.
 */
export function defineFunction(def: FunctionDef): (...inputs: Tensor[]) => Tensor {
  const op = `custom:${def.name}`;
  registerCustomGradient<{ ctx: FunctionCtx }>(op, {
    backward: (c, [g]) => {
      c.attrs.ctx.needsInputGrad = [...c.needsInputGrad];
      const grads = def.backward(c.attrs.ctx, g!);
      if (!Array.isArray(grads) || grads.length !== c.inputShapes.length) {
        throw new AutogradError(`backward returned ${Array.isArray(grads) ? grads.length : 'a non-array'} gradients, expected ${c.inputShapes.length} (one per input, null for none)`, def.name);
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
