import { hasFused, isFloat, untrack, zeros, type InPlaceKernelName, type Tensor } from '@torchlet/tensor';

/** The temporaries of one parameter update, freed together so memory stays flat across steps. */
export class Temps {
  private readonly held: Tensor[] = [];
  /** Remember `t` (a fresh result, never a parameter or state buffer) and return it. */
  own(t: Tensor): Tensor {
    this.held.push(t);
    return t;
  }
  free(): void {
    for (const t of this.held) t.dispose();
    this.held.length = 0;
  }
}

/** `grad`, negated for maximize and with `weightDecay * param` added (L2 penalty), as every step starts. */
export function effectiveGrad(tmp: Temps, param: Tensor, grad: Tensor, h: { weightDecay: number; maximize: boolean }): Tensor {
  let g = h.maximize ? tmp.own(grad.neg()) : grad;
  if (h.weightDecay !== 0) g = tmp.own(g.add(tmp.own(param.mul(h.weightDecay))));
  return g;
}

/** Zeros with the shape, dtype and device of `p`: optimizer state, owned by no scope. */
export function zerosLike(p: Tensor): Tensor {
  return untrack(zeros([...p.shape], { dtype: p.dtype, device: p.device }));
}

/** Whether the parameter's backend runs this update as one fused kernel. */
export function fusable(op: InPlaceKernelName, param: Tensor, grad: Tensor): boolean {
  return isFloat(param.dtype) && grad.dtype === param.dtype && hasFused(op, [param, grad]);
}
