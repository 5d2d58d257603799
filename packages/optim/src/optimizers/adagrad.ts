import type { Tensor } from '@torchlet/tensor';
import { boolean, nonNegative } from '../check.js';
import { Optimizer } from '../optimizer.js';
import { adagradInitState, adagradStep, type AdagradHyper, type AdagradState } from '../steps/adagrad.js';
import type { ParamGroup, ParamGroupInput, Params } from '../types.js';
import { withDefaults } from './defaults.js';

/** Options of {@link Adagrad}: any of {@link AdagradHyper}, the rest default. */
export type AdagradOptions = Partial<AdagradHyper>;

/**
 * Adagrad (torch.optim.Adagrad): lr 1e-2, lrDecay 0, weightDecay 0, initialAccumulatorValue 0,
 * eps 1e-10. As in PyTorch, every parameter's state exists from construction on.
 */
export class Adagrad extends Optimizer<AdagradHyper, AdagradState> {
  constructor(params: Params<AdagradHyper>, options: AdagradOptions = {}) {
    super(
      'Adagrad',
      params,
      withDefaults('Adagrad', { lr: 1e-2, lrDecay: 0, weightDecay: 0, initialAccumulatorValue: 0, eps: 1e-10, maximize: false }, options),
    );
  }
  override addParamGroup(group: ParamGroupInput<AdagradHyper>): void {
    super.addParamGroup(group);
    const added = this.paramGroups[this.paramGroups.length - 1]!;
    for (const p of added.params) this.state.set(p, this.initState(p, added));
  }
  protected checkHyper(h: Partial<AdagradHyper>): void {
    const op = 'Adagrad';
    if (h.lr !== undefined) nonNegative(op, h, 'lr', 'learning rate', '0.01');
    if (h.lrDecay !== undefined) nonNegative(op, h, 'lrDecay', 'lr_decay value', '1e-4');
    if (h.weightDecay !== undefined) nonNegative(op, h, 'weightDecay', 'weight_decay value', '1e-4');
    if (h.initialAccumulatorValue !== undefined) nonNegative(op, h, 'initialAccumulatorValue', 'initial_accumulator_value value', '0.1');
    if (h.eps !== undefined) nonNegative(op, h, 'eps', 'epsilon value', '1e-10');
    if (h.maximize !== undefined) boolean(op, h, 'maximize');
  }
  protected initState(param: Tensor, group: ParamGroup<AdagradHyper>): AdagradState {
    return adagradInitState(param, group.initialAccumulatorValue);
  }
  protected updateParam(param: Tensor, grad: Tensor, state: AdagradState, group: ParamGroup<AdagradHyper>): void {
    adagradStep(param, grad, state, group);
  }
}
