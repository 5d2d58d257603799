import type { Tensor } from '@torchlet/tensor';
import { boolean, nonNegative } from '../check.js';
import { Optimizer } from '../optimizer.js';
import { rmspropInitState, rmspropStep, type RMSpropHyper, type RMSpropState } from '../steps/rmsprop.js';
import type { ParamGroup, Params } from '../types.js';
import { withDefaults } from './defaults.js';

/** Options of {@link RMSprop}: any of {@link RMSpropHyper}, the rest default. */
export type RMSpropOptions = Partial<RMSpropHyper>;

/** RMSprop (torch.optim.RMSprop): lr 1e-2, alpha 0.99, eps 1e-8, weightDecay 0, momentum 0, centered false. */
export class RMSprop extends Optimizer<RMSpropHyper, RMSpropState> {
  constructor(params: Params<RMSpropHyper>, options: RMSpropOptions = {}) {
    super(
      'RMSprop',
      params,
      withDefaults('RMSprop', { lr: 1e-2, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false, maximize: false }, options),
    );
  }
  protected checkHyper(h: Partial<RMSpropHyper>): void {
    const op = 'RMSprop';
    if (h.lr !== undefined) nonNegative(op, h, 'lr', 'learning rate', '0.01');
    if (h.eps !== undefined) nonNegative(op, h, 'eps', 'epsilon value', '1e-8');
    if (h.momentum !== undefined) nonNegative(op, h, 'momentum', 'momentum value', '0.9');
    if (h.weightDecay !== undefined) nonNegative(op, h, 'weightDecay', 'weight_decay value', '1e-4');
    if (h.alpha !== undefined) nonNegative(op, h, 'alpha', 'alpha value', '0.99');
    if (h.centered !== undefined) boolean(op, h, 'centered');
    if (h.maximize !== undefined) boolean(op, h, 'maximize');
  }
  protected initState(param: Tensor, group: ParamGroup<RMSpropHyper>): RMSpropState {
    return rmspropInitState(param, group);
  }
  protected updateParam(param: Tensor, grad: Tensor, state: RMSpropState, group: ParamGroup<RMSpropHyper>): void {
    rmspropStep(param, grad, state, group);
  }
}
