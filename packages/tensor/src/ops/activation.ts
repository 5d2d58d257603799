import { isFloat } from '../dtype.js';
import { scope } from '../scope.js';
import { normalizeDim } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { binary, cast, unary } from './elementwise.js';
import { amax, sum } from './reduce.js';
import { detach } from './views.js';

function shifted(x: Tensor, dim: number): Tensor {
  const xf = isFloat(x.dtype) ? x : cast(x, 'float32');
  return binary('sub', xf, detach(amax(xf, dim, { keepdim: true })));
}

/** exp(x) / sum(exp(x)) along dim, computed stably. */
export function softmax(x: Tensor, dim: number): Tensor {
  const d = normalizeDim(dim, x.ndim, 'softmax');
  return scope(() => {
    const e = unary('exp', shifted(x, d));
    return binary('div', e, sum(e, d, { keepdim: true }));
  });
}

/** x - logsumexp(x) along dim, computed stably. */
export function logSoftmax(x: Tensor, dim: number): Tensor {
  const d = normalizeDim(dim, x.ndim, 'logSoftmax');
  return scope(() => {
    const s = shifted(x, d);
    return binary('sub', s, unary('log', sum(unary('exp', s), d, { keepdim: true })));
  });
}
