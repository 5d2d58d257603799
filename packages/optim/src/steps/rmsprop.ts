import type { Tensor } from '@torchlet/tensor';
import { effectiveGrad, stateZeros } from './temps.js';

/** RMSprop's hyperparameters, as a parameter group holds them. */
export interface RMSpropHyper {
  /** Learning rate; 1e-2 by default. */
  lr: number;
  /** Smoothing constant of the running average of the squared gradient; 0.99 by default. */
  alpha: number;
  /** Added to the denominator for numerical stability; 1e-8 by default. */
  eps: number;
  /** L2 penalty added to the gradient; 0 by default. */
  weightDecay: number;
  /** Momentum factor; 0 by default. */
  momentum: number;
  /** Normalise by an estimate of the gradient's variance instead of its second moment; false by default. */
  centered: boolean;
  /** Maximise the objective instead of minimising it; false by default. */
  maximize: boolean;
}

/** RMSprop's state of one parameter. */
export type RMSpropState = {
  /** Number of updates so far. */
  step: number;
  /** running average of the squared gradient */
  squareAvg: Tensor;
  /** momentum > 0 only */
  momentumBuffer?: Tensor;
  /** centered only: running average of the gradient */
  gradAvg?: Tensor;
};

/** The state of `param` before its first update: zero averages, plus the buffers `momentum` and `centered` need. */
export function rmspropInitState(param: Tensor, h: Pick<RMSpropHyper, 'momentum' | 'centered'>): RMSpropState {
  const s: RMSpropState = { step: 0, squareAvg: stateZeros(param) };
  if (h.momentum > 0) s.momentumBuffer = stateZeros(param);
  if (h.centered) s.gradAvg = stateZeros(param);
  return s;
}

/**
 * One RMSprop update in place (PyTorch 1.13's `_single_tensor_rmsprop`): v = alpha v + (1 - alpha) g^2;
 * centered: avg = sqrt(v - gAvg^2), else sqrt(v); plus eps; with momentum b = m b + g / avg and
 * p -= lr b, otherwise p -= lr g / avg.
 */
export function rmspropStep(param: Tensor, grad: Tensor, state: RMSpropState, h: RMSpropHyper): void {
  state.step += 1;
  const g = effectiveGrad(param, grad, h);
  state.squareAvg.mul_(h.alpha).add_(g.mul(1 - h.alpha).mul(g));
  let avg: Tensor;
  if (h.centered) {
    state.gradAvg ??= stateZeros(param);
    const ga = state.gradAvg.mul_(h.alpha).add_(g.mul(1 - h.alpha));
    avg = state.squareAvg.add(ga.neg().mul(ga)).sqrt();
  } else {
    avg = state.squareAvg.sqrt();
  }
  avg.add_(h.eps);
  if (h.momentum > 0) {
    state.momentumBuffer ??= stateZeros(param);
    const buf = state.momentumBuffer.mul_(h.momentum).add_(g.div(avg));
    param.sub_(buf.mul(h.lr));
  } else {
    param.add_(g.mul(-h.lr).div(avg));
  }
}
