import { hasFused, isFloat, untrack, zerosLike, type InPlaceKernelName, type Tensor } from '@torchlet/tensor';

/** `grad`, negated for maximize and with `weightDecay * param` added (L2 penalty), as every step starts. */
export function effectiveGrad(param: Tensor, grad: Tensor, h: { weightDecay: number; maximize: boolean }): Tensor {
  let g = h.maximize ? grad.neg() : grad;
  if (h.weightDecay !== 0) g = g.add(param.mul(h.weightDecay));
  return g;
}

/** Zeros with the shape, dtype and device of `p`: optimizer state, owned by no scope. */
export function stateZeros(p: Tensor): Tensor {
  return untrack(zerosLike(p));
}

/** Whether the parameter's backend runs this update as one fused kernel. */
export function fusable(op: InPlaceKernelName, param: Tensor, grad: Tensor): boolean {
  return isFloat(param.dtype) && grad.dtype === param.dtype && hasFused(op, [param, grad]);
}
