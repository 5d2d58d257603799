import { ValueError, type Tensor } from '@torchlet/tensor';
import { boolean, finite, nonNegative } from '../check.js';
import { Optimizer } from '../optimizer.js';
import { sgdStep, type SGDHyper, type SGDState } from '../steps/sgd.js';
import type { ParamGroup, Params } from '../types.js';
import { withDefaults } from './defaults.js';

/** `lr` is required, here or in every param group. */
export type SGDOptions = Partial<SGDHyper>;

/**
 * Stochastic gradient descent, optionally with momentum, dampening, Nesterov momentum, weight
 * decay (L2) and maximize (torch.optim.SGD). `lr` is required; momentum, dampening and
 * weightDecay default to 0, nesterov and maximize to false.
 *
 * @example
 * ```ts
 * import { nn, optim, randn } from 'torchlet';
 * const model = new nn.Linear(4, 1);
 * const opt = new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
 * const x = randn([8, 4]);
 * const y = randn([8, 1]);
 * for (let i = 0; i < 10; i++) {
 *   opt.zeroGrad();
 *   const loss = nn.F.mseLoss(model.call(x), y);
 *   loss.backward();
 *   opt.step();
 * }
 * ```
 */
export class SGD extends Optimizer<SGDHyper, SGDState> {
  constructor(params: Params<SGDHyper>, options: SGDOptions = {}) {
    const defaults = withDefaults<Partial<SGDHyper>>(
      'SGD',
      { lr: undefined, momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, maximize: false },
      options,
    );
    super('SGD', params, defaults);
  }

  protected checkHyper(h: Partial<SGDHyper>): void {
    if (h.lr !== undefined) nonNegative('SGD', h, 'lr', 'learning rate', '0.01');
    if (h.momentum !== undefined) nonNegative('SGD', h, 'momentum', 'momentum value', '0.9');
    if (h.weightDecay !== undefined) nonNegative('SGD', h, 'weightDecay', 'weight_decay value', '1e-4');
    if (h.dampening !== undefined) finite('SGD', 'dampening', h.dampening);
    if (h.nesterov !== undefined) boolean('SGD', h, 'nesterov');
    if (h.maximize !== undefined) boolean('SGD', h, 'maximize');
    if (h.nesterov && (!((h.momentum ?? 0) > 0) || (h.dampening ?? 0) !== 0)) {
      throw new ValueError(
        `Nesterov momentum requires a momentum and zero dampening (got momentum ${h.momentum ?? 0}, dampening ${h.dampening ?? 0}); set e.g. { momentum: 0.9, dampening: 0 } or nesterov: false`,
        'SGD',
      );
    }
  }

  protected initState(): SGDState {
    return { momentumBuffer: null };
  }

  protected updateParam(param: Tensor, grad: Tensor, state: SGDState, group: ParamGroup<SGDHyper>): void {
    sgdStep(param, grad, state, group);
  }
}
