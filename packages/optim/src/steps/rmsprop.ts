import type { Tensor } from '@torchlet/tensor';
import { effectiveGrad, stateZeros } from './temps.js';

export interface RMSpropHyper {
  lr: number;
  alpha: number;
  eps: number;
  weightDecay: number;
  momentum: number;
  centered: boolean;
  maximize: boolean;
}

export type RMSpropState = {
  step: number;
  /** running average of the squared gradient */
  squareAvg: Tensor;
  /** momentum > 0 only */
  momentumBuffer?: Tensor;
  /** centered only: running average of the gradient */
  gradAvg?: Tensor;
};

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
