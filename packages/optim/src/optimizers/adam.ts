import type { Tensor } from '@torchlet/tensor';
import { Optimizer } from '../optimizer.js';
import { adamInitState, adamStep, type AdamHyper, type AdamState } from '../steps/adam.js';
import type { ParamGroup, Params } from '../types.js';
import { checkAdamHyper } from './adam-checks.js';
import { withDefaults } from './defaults.js';

/** Options of {@link Adam}: any of {@link AdamHyper}, the rest default. */
export type AdamOptions = Partial<AdamHyper>;

/**
 * Adam (torch.optim.Adam): lr 1e-3, betas [0.9, 0.999], eps 1e-8, weightDecay 0 (an L2 term in the
 * gradient; see AdamW for decoupled decay), amsgrad false, maximize false.
 *
 * @example
 * ```ts
 * import { nn, optim } from 'torchlet';
 * const model = new nn.Sequential(new nn.Linear(784, 128), new nn.ReLU(), new nn.Linear(128, 10));
 * const opt = new optim.Adam(model.parameters(), { lr: 1e-3 });
 * // each step: opt.zeroGrad(); loss.backward(); opt.step();
 * ```
 */
export class Adam extends Optimizer<AdamHyper, AdamState> {
  constructor(params: Params<AdamHyper>, options: AdamOptions = {}) {
    super(
      'Adam',
      params,
      withDefaults('Adam', { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false }, options),
    );
  }
  protected checkHyper(h: Partial<AdamHyper>): void {
    checkAdamHyper('Adam', h);
  }
  protected initState(param: Tensor, group: ParamGroup<AdamHyper>): AdamState {
    return adamInitState(param, group.amsgrad);
  }
  protected updateParam(param: Tensor, grad: Tensor, state: AdamState, group: ParamGroup<AdamHyper>): void {
    adamStep(param, grad, state, group);
  }
}
