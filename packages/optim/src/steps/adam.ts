import type { Tensor } from '@torchlet/tensor';
import { runInPlaceKernel } from '@torchlet/tensor';
import { effectiveGrad, fusable, stateZeros } from './temps.js';

/** Adam's (and AdamW's) hyperparameters, as a parameter group holds them. */
export interface AdamHyper {
  /** Learning rate; 1e-3 by default. */
  lr: number;
  /** Decay rates of the running averages of the gradient and its square; [0.9, 0.999] by default. */
  betas: [number, number];
  /** Added to the denominator for numerical stability; 1e-8 by default. */
  eps: number;
  /** Adam: L2 penalty added to the gradient (0 by default); AdamW: decoupled decay (1e-2 by default). */
  weightDecay: number;
  /** Use the largest second moment seen so far (AMSGrad); false by default. */
  amsgrad: boolean;
  /** Maximise the objective instead of minimising it; false by default. */
  maximize: boolean;
}

/** Adam's (and AdamW's) state of one parameter. */
export type AdamState = {
  /** number of updates so far */
  step: number;
  /** running average of the gradient */
  expAvg: Tensor;
  /** running average of the squared gradient */
  expAvgSq: Tensor;
  /** amsgrad only: the largest expAvgSq seen */
  maxExpAvgSq?: Tensor;
};

/** The state of `param` before its first update: zero running averages (and `maxExpAvgSq` with amsgrad). */
export function adamInitState(param: Tensor, amsgrad: boolean): AdamState {
  const s: AdamState = { step: 0, expAvg: stateZeros(param), expAvgSq: stateZeros(param) };
  if (amsgrad) s.maxExpAvgSq = stateZeros(param);
  return s;
}

/**
 * The moment updates and bias-corrected step shared by Adam and AdamW, with `g` the gradient
 * already negated / decayed as the variant wants. The order of float32 operations follows
 * PyTorch's addcmul_ / addcdiv_ kernels ((value * a) * b and (value * a) / b).
 */
export function adamUpdate(param: Tensor, g: Tensor, state: AdamState, h: AdamHyper): void {
  const [beta1, beta2] = h.betas;
  state.step += 1;
  const { expAvg, expAvgSq } = state;
  expAvg.mul_(beta1).add_(g.mul(1 - beta1));
  expAvgSq.mul_(beta2).add_(g.mul(1 - beta2).mul(g));
  const stepSize = h.lr / (1 - beta1 ** state.step);
  const bias2Sqrt = Math.sqrt(1 - beta2 ** state.step);
  let second = expAvgSq;
  if (h.amsgrad) {
    state.maxExpAvgSq ??= stateZeros(param);
    second = state.maxExpAvgSq.copy_(state.maxExpAvgSq.maximum(expAvgSq));
  }
  const denom = second.sqrt().div(bias2Sqrt).add(h.eps);
  param.add_(expAvg.mul(-stepSize).div(denom));
}

/**
 * One Adam update in place (PyTorch 1.13's `_single_tensor_adam`): weight decay is an L2 term
 * added to the gradient; m, v running averages; p -= lr / (1 - b1^t) * m / (sqrt(v / (1 - b2^t)) + eps).
 */
export function adamStep(param: Tensor, grad: Tensor, state: AdamState, h: AdamHyper): void {
  if (fusable('adamStep', param, grad)) {
    fusedAdam(param, grad, state, h, false);
    return;
  }
  adamUpdate(param, effectiveGrad(param, grad, h), state, h);
}

/** Adam (decoupled = false) or AdamW as one fused kernel. */
export function fusedAdam(param: Tensor, grad: Tensor, state: AdamState, h: AdamHyper, decoupled: boolean): void {
  state.step += 1;
  if (h.amsgrad) state.maxExpAvgSq ??= stateZeros(param);
  const bufs = [state.expAvg, state.expAvgSq, ...(h.amsgrad ? [state.maxExpAvgSq!] : [])];
  const attrs = {
    lr: h.lr,
    beta1: h.betas[0],
    beta2: h.betas[1],
    eps: h.eps,
    weightDecay: decoupled ? 0 : h.weightDecay,
    decoupledDecay: decoupled ? h.weightDecay : 0,
    amsgrad: h.amsgrad,
    maximize: h.maximize,
    step: state.step,
  };
  runInPlaceKernel('adamStep', [param, grad, ...bufs], attrs, [param, ...bufs]);
}
