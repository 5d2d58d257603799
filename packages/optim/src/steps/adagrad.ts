import { full, type Tensor } from '@torchlet/tensor';
import { effectiveGrad } from './temps.js';

export interface AdagradHyper {
  lr: number;
  lrDecay: number;
  weightDecay: number;
  initialAccumulatorValue: number;
  eps: number;
  maximize: boolean;
}

export type AdagradState = {
  step: number;
  /** sum of squared gradients, starting at initialAccumulatorValue */
  sum: Tensor;
};

export function adagradInitState(param: Tensor, initialAccumulatorValue: number): AdagradState {
  return { step: 0, sum: full([...param.shape], initialAccumulatorValue, { dtype: param.dtype, device: param.device }) };
}

/**
 * One Adagrad update in place (PyTorch 1.13's `_single_tensor_adagrad`): clr = lr / (1 + (t - 1) lrDecay);
 * s += g^2; p -= clr g / (sqrt(s) + eps).
 */
export function adagradStep(param: Tensor, grad: Tensor, state: AdagradState, h: AdagradHyper): void {
  state.step += 1;
  const g = effectiveGrad(param, grad, h);
  const clr = h.lr / (1 + (state.step - 1) * h.lrDecay);
  state.sum.add_(g.mul(g));
  const std = state.sum.sqrt().add_(h.eps);
  param.add_(g.mul(-clr).div(std));
}
