import type { Tensor } from '@torchlet/tensor';
import { Optimizer } from '../optimizer.js';
import { adamInitState } from '../steps/adam.js';
import { adamwStep, type AdamWHyper, type AdamWState } from '../steps/adamw.js';
import type { ParamGroup, Params } from '../types.js';
import { checkAdamHyper } from './adam-checks.js';
import { withDefaults } from './defaults.js';

/** Options of {@link AdamW}: any of {@link AdamWHyper}, the rest default. */
export type AdamWOptions = Partial<AdamWHyper>;

/**
 * AdamW (torch.optim.AdamW): Adam with decoupled weight decay, p *= 1 - lr * weightDecay before
 * each update. Defaults as Adam except weightDecay 1e-2.
 */
export class AdamW extends Optimizer<AdamWHyper, AdamWState> {
  constructor(params: Params<AdamWHyper>, options: AdamWOptions = {}) {
    super(
      'AdamW',
      params,
      withDefaults('AdamW', { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 1e-2, amsgrad: false, maximize: false }, options),
    );
  }
  protected checkHyper(h: Partial<AdamWHyper>): void {
    checkAdamHyper('AdamW', h);
  }
  protected initState(param: Tensor, group: ParamGroup<AdamWHyper>): AdamWState {
    return adamInitState(param, group.amsgrad);
  }
  protected updateParam(param: Tensor, grad: Tensor, state: AdamWState, group: ParamGroup<AdamWHyper>): void {
    adamwStep(param, grad, state, group);
  }
}
