import { gradMode } from '../autograd-slot.js';
import { applyOp, hasFused, runKernel } from '../dispatch.js';
import { isFloat } from '../dtype.js';
import { scope } from '../scope.js';
import { normalizeDim } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { binary, cast, unary } from './elementwise.js';
import { amax, sum } from './reduce.js';
import { detach } from './views.js';

/**
 * softmax and logSoftmax are recorded as one op each (SoftmaxBackward0, LogSoftmaxBackward0, as
 * in PyTorch) on every backend. A backend with a fused kernel runs that; others run the stable
 * composition of primitives below.
 */
function shifted(x: Tensor, dim: number): Tensor {
  return binary('sub', x, detach(amax(x, dim, { keepdim: true })));
}

const floating = (x: Tensor) => (isFloat(x.dtype) ? x : cast(x, 'float32'));

/** exp(x) / sum(exp(x)) along dim, computed stably. */
export function softmax(x: Tensor, dim: number): Tensor {
  const d = normalizeDim(dim, x.ndim, 'softmax');
  const xf = floating(x);
  return applyOp('softmax', [xf], { dim: d }, () =>
    hasFused('softmax', [xf])
      ? runKernel('softmax', [xf], { dim: d })
      : scope(() => {
          const e = unary('exp', shifted(xf, d));
          return binary('div', e, sum(e, d, { keepdim: true }));
        }),
  );
}

/** x - logsumexp(x) along dim, computed stably. */
export function logSoftmax(x: Tensor, dim: number): Tensor {
  const d = normalizeDim(dim, x.ndim, 'logSoftmax');
  const xf = floating(x);
  return applyOp('logSoftmax', [xf], { dim: d }, () =>
    hasFused('logSoftmax', [xf])
      ? runKernel('logSoftmax', [xf], { dim: d })
      : scope(() => {
          const s = shifted(xf, d);
          return binary('sub', s, unary('log', sum(unary('exp', s), d, { keepdim: true })));
        }),
  );
}

/**
 * The gradient of softmax from its output y. Under createGraph (grad mode on inside backward)
 * it is composed of differentiable ops, so higher derivatives work; otherwise a fused kernel
 * runs where the backend has one.
 */
export function softmaxBackward(g: Tensor, y: Tensor, dim: number): Tensor {
  if (!gradMode.enabled && hasFused('softmaxBackward', [g, y])) return runKernel('softmaxBackward', [g, y], { dim });
  return scope(() => binary('mul', y, binary('sub', g, sum(binary('mul', g, y), dim, { keepdim: true }))));
}

/** The gradient of logSoftmax from its output y: g - exp(y) * sum(g). */
export function logSoftmaxBackward(g: Tensor, y: Tensor, dim: number): Tensor {
  if (!gradMode.enabled && hasFused('logSoftmaxBackward', [g, y])) return runKernel('logSoftmaxBackward', [g, y], { dim });
  return scope(() => binary('sub', g, binary('mul', unary('exp', y), sum(g, dim, { keepdim: true }))));
}
