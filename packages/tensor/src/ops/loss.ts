import { gradMode } from '../autograd-slot.js';
import { applyOp, hasFused, runKernel } from '../dispatch.js';
import { ShapeError, DTypeError } from '../errors.js';
import { scope } from '../scope.js';
import { shapeStr } from '../shape.js';
import type { Tensor } from '../tensor.js';
import type { NllAttrs } from './signatures.js';
import { binary, cast, unary, where } from './elementwise.js';
import { zeros } from './creation.js';
import { sum } from './reduce.js';
import { gather, scatterAdd } from './indexing.js';
import { squeeze, unsqueeze } from './views.js';

/**
 * The core of nn.functional.nllLoss for log-probabilities [N, C] and int32 class targets [N]
 * without class weights, recorded as one op (NllLossBackward0). A backend may fuse it; the
 * composition below runs otherwise. nn.functional.nllLoss handles weights and more dims.
 */
export function nllLoss2d(input: Tensor, target: Tensor, attrs: NllAttrs): Tensor {
  if (input.ndim !== 2 || target.ndim !== 1 || target.shape[0] !== input.shape[0]) {
    throw new ShapeError(`expected input [N, C] and target [N], got ${shapeStr(input.shape)} and ${shapeStr(target.shape)}`, 'nllLoss');
  }
  if (target.dtype !== 'int32') throw new DTypeError(`nllLoss targets are int32 class indices, got ${target.dtype}`, 'nllLoss');
  return applyOp('nllLoss', [input, target], attrs, () =>
    hasFused('nllLoss', [input, target])
      ? runKernel('nllLoss', [input, target], attrs)
      : scope(() => {
          const [picked, w] = pickedTerms(input, target, attrs.ignoreIndex);
          if (attrs.reduction === 'none') return picked;
          const total = sum(picked);
          return attrs.reduction === 'sum' ? total : binary('div', total, sum(w));
        }),
  );
}

/** -input[i, target[i]] and the weights (1, or 0 where the target is ignored) */
function pickedTerms(input: Tensor, target: Tensor, ignoreIndex: number): [Tensor, Tensor] {
  const keep = binary('ne', target, ignoreIndex);
  const safe = where(keep, target, 0);
  const w = cast(keep, input.dtype);
  const picked = binary('mul', unary('neg', squeeze(gather(input, 1, unsqueeze(safe, 1)), 1)), w);
  return [picked, w];
}

/** The gradient of nllLoss2d with respect to its input, from the loss gradient g. */
export function nllLossBackward(g: Tensor, target: Tensor, attrs: NllAttrs & { inputShape: number[] }): Tensor {
  if (!gradMode.enabled && hasFused('nllLossBackward', [g, target])) return runKernel('nllLossBackward', [g, target], attrs);
  return scope(() => {
    const keep = binary('ne', target, attrs.ignoreIndex);
    const safe = where(keep, target, 0);
    let w = cast(keep, g.dtype);
    // every target ignored: zero gradients (the loss is NaN), as PyTorch
    if (attrs.reduction === 'mean') {
      const count = sum(w);
      w = binary('div', w, where(binary('eq', count, 0), 1, count));
    }
    const coef = binary('mul', binary('mul', w, g), -1);
    const base = zeros(attrs.inputShape, { dtype: g.dtype, device: g.device });
    return scatterAdd(base, 1, unsqueeze(safe, 1), unsqueeze(coef, 1));
  });
}
