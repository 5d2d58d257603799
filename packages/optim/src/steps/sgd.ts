import type { Tensor } from '@torchlet/tensor';
import { runInPlaceKernel, untrack } from '@torchlet/tensor';
import { effectiveGrad, fusable, stateZeros } from './temps.js';

/** SGD's hyperparameters, as a parameter group holds them. */
export interface SGDHyper {
  /** Learning rate; required (no default). */
  lr: number;
  /** Momentum factor; 0 by default. */
  momentum: number;
  /** Dampening of the momentum; 0 by default. */
  dampening: number;
  /** L2 penalty added to the gradient; 0 by default. */
  weightDecay: number;
  /** Nesterov momentum (needs momentum > 0 and dampening 0); false by default. */
  nesterov: boolean;
  /** Maximise the objective instead of minimising it; false by default. */
  maximize: boolean;
}

/** SGD's state of one parameter. */
export type SGDState = {
  /** null until the first step with momentum */
  momentumBuffer: Tensor | null;
};

/**
 * One SGD update of `param` in place (PyTorch 1.13's `_single_tensor_sgd`):
 * g = grad (+ weightDecay * p); b = momentum * b + (1 - dampening) * g (b = g on the first step);
 * g = nesterov ? g + momentum * b : b; p -= lr * g (+= when maximizing).
 */
export function sgdStep(param: Tensor, grad: Tensor, state: SGDState, h: SGDHyper): void {
  if (fusable('sgdStep', param, grad)) {
    const firstStep = h.momentum !== 0 && state.momentumBuffer === null;
    if (firstStep) state.momentumBuffer = stateZeros(param);
    const buf = state.momentumBuffer;
    const attrs = {
      lr: h.lr,
      momentum: h.momentum,
      dampening: h.dampening,
      weightDecay: h.weightDecay,
      nesterov: h.nesterov,
      maximize: h.maximize,
      firstStep,
    };
    runInPlaceKernel('sgdStep', [param, grad, buf ?? param], attrs, buf ? [param, buf] : [param]);
    return;
  }
  let d = effectiveGrad(param, grad, h);
  if (h.momentum !== 0) {
    let buf = state.momentumBuffer;
    if (buf === null) {
      buf = untrack(d.clone());
      state.momentumBuffer = buf;
    } else {
      buf.mul_(h.momentum).add_(h.dampening === 0 ? d : d.mul(1 - h.dampening));
    }
    d = h.nesterov ? d.add(buf.mul(h.momentum)) : buf;
  }
  param.sub_(d.mul(h.lr));
}
