import { full, type Tensor } from '@torchlet/tensor';
import { effectiveGrad } from './temps.js';

/** Adagrad's hyperparameters, as a parameter group holds them. */
export interface AdagradHyper {
  /** Learning rate; 1e-2 by default. */
  lr: number;
  /** Learning-rate decay per step; 0 by default. */
  lrDecay: number;
  /** L2 penalty added to the gradient; 0 by default. */
  weightDecay: number;
  /** Starting value of the sum of squared gradients; 0 by default. */
  initialAccumulatorValue: number;
  /** Added to the denominator for numerical stability; 1e-10 by default. */
  eps: number;
  /** Maximise the objective instead of minimising it; false by default. */
  maximize: boolean;
}

/** Adagrad's state of one parameter. */
export type AdagradState = {
  /** Number of updates so far. */
  step: number;
  /** sum of squared gradients, starting at initialAccumulatorValue */
  sum: Tensor;
};

/** The state of `param` before its first update: the sum filled with `initialAccumulatorValue`. */
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
