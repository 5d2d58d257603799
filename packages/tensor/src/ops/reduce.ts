import { applyOp, runKernel } from '../dispatch.js';
import type { DType } from '../dtype.js';
import { fitsDType, isFloat } from '../dtype.js';
import { DTypeError, IndexError, ValueError } from '../errors.js';
import { normalizeDim, normalizeDims, shapeStr } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { isTensor } from '../checks.js';
import type { ReduceOptions, VarOptions } from '../tensor.js';
import { binary, cast, unary, where } from './elementwise.js';
import { detach, squeeze } from './views.js';
import { gather } from './indexing.js';
import { checkOptions } from '../options.js';

const REDUCE_KEYS = ['keepdim'] as const;
const VAR_KEYS = ['keepdim', 'unbiased', 'correction'] as const;

type Dims = number | readonly number[] | null | undefined;

/** Sorted dims to reduce; an empty list or none means every dim (as PyTorch). */
export function reduceDims(x: Tensor, dim: Dims, op: string): number[] {
  if (Array.isArray(dim) && dim.length === 0) dim = undefined;
  return normalizeDims(dim as number | number[] | undefined, x.ndim, op);
}

function checkNonEmpty(x: Tensor, dims: number[], op: string): void {
  if (x.numel() === 0 && (dims.length === x.ndim || dims.some((d) => x.shape[d] === 0))) {
    throw new IndexError(
      `cannot reduce over a zero-size dimension of a tensor of shape ${shapeStr(x.shape)}: ${op} has no identity; use sum instead or check the input`,
      op,
    );
  }
}

function reduce(op: 'sum' | 'prod' | 'max' | 'min', x: Tensor, dims: number[], keepdim: boolean, outDType: DType): Tensor {
  return applyOp(op, [x], { dims, keepdim }, () => runKernel(op, [x], { dims, keepdim, outDType }));
}

const intToInt32 = (d: DType): DType => (isFloat(d) ? d : 'int32');

/**
 * Sum over dims. Integer and bool tensors sum to int32 (PyTorch: int64, which Torchlet lacks):
 * when the sum could leave int32's range it is accumulated exactly in float64 and a result that
 * does not fit int32 is a ValueError, never a wrapped-around number. Backends without float64
 * and synchronous reads (webgpu) accumulate in int32 there; see the package README.
 */
export function sum(x: Tensor, dim?: Dims, options: ReduceOptions = {}): Tensor {
  checkOptions(options, REDUCE_KEYS, 'sum');
  const dims = reduceDims(x, dim, 'sum');
  const keepdim = !!options.keepdim;
  if (!isFloat(x.dtype) && mayOverflowInt32(x, dims, 'sum')) {
    const exact = exactIntReduce('sum', x, dims, keepdim);
    if (exact) return exact;
  }
  return reduce('sum', x, dims, keepdim, intToInt32(x.dtype));
}

/** Whether summing (multiplying) integers of x's dtype over dims can leave int32's range. */
function mayOverflowInt32(x: Tensor, dims: number[], op: 'sum' | 'prod'): boolean {
  let count = 1;
  for (const d of dims) count *= x.shape[d] ?? 1;
  if (count <= 1) return false;
  const largest = x.dtype === 'int32' ? 2 ** 31 : x.dtype === 'uint8' ? 255 : 1;
  return (op === 'sum' ? count * largest : largest ** count) > 2 ** 31 - 1;
}

/**
 * The integer sum (product) accumulated in float64, checked against int32's range; null where the
 * backend cannot. Exact: partial sums stay far below 2^53, and a product that ends inside int32
 * has partial products no larger (or a zero factor, which makes it 0).
 */
function exactIntReduce(op: 'sum' | 'prod', x: Tensor, dims: number[], keepdim: boolean): Tensor | null {
  if (!x.backend.readSync) return null;
  let wide: Tensor;
  try {
    wide = cast(x, 'float64');
  } catch (err) {
    if (err instanceof DTypeError) return null;
    throw err;
  }
  const total = runKernel(op, [wide], { dims, keepdim, outDType: 'float64' });
  wide.dispose();
  const values = total.dataSync();
  for (let i = 0; i < values.length; i++) {
    // inf * 0 (a zero after an overflowing partial product) is the product 0
    if (Number.isNaN(values[i]!)) values[i] = 0;
    if (!fitsDType(values[i]!, 'int32')) {
      total.dispose();
      const what = op === 'sum' ? 'sum' : 'product';
      throw new ValueError(
        `the ${what} ${values[i]} of ${x.dtype} values does not fit int32, the dtype of integer ${op}s (PyTorch computes them in int64, which Torchlet lacks); use floating point instead: x.to('float64').${op}(...)`,
        op,
      );
    }
  }
  const out = cast(total, 'int32');
  total.dispose();
  return out;
}

/** Product of the elements: of all (a 0-D tensor) or along `dim`; `keepdim` keeps that dim with size 1. */
export function prod(x: Tensor, dim?: number | null, options: ReduceOptions = {}): Tensor {
  checkOptions(options, REDUCE_KEYS, 'prod');
  const dims = reduceDims(x, dim, 'prod');
  const keepdim = !!options.keepdim;
  if (!isFloat(x.dtype) && mayOverflowInt32(x, dims, 'prod')) {
    const exact = exactIntReduce('prod', x, dims, keepdim);
    if (exact) return exact;
  }
  return reduce('prod', x, dims, keepdim, intToInt32(x.dtype));
}

/** Largest value over `dim` (one, several, or all by default), without indices (PyTorch's `amax`). */
export function amax(x: Tensor, dim?: Dims, options: ReduceOptions = {}): Tensor {
  checkOptions(options, REDUCE_KEYS, 'amax');
  const dims = reduceDims(x, dim, 'amax');
  checkNonEmpty(x, dims, 'amax');
  return reduce('max', x, dims, !!options.keepdim, x.dtype);
}

/** Smallest value over `dim` (one, several, or all by default), without indices (PyTorch's `amin`). */
export function amin(x: Tensor, dim?: Dims, options: ReduceOptions = {}): Tensor {
  checkOptions(options, REDUCE_KEYS, 'amin');
  const dims = reduceDims(x, dim, 'amin');
  checkNonEmpty(x, dims, 'amin');
  return reduce('min', x, dims, !!options.keepdim, x.dtype);
}

function argReduce(op: 'argmax' | 'argmin', x: Tensor, dim: number | null | undefined, options: ReduceOptions): Tensor {
  checkOptions(options, REDUCE_KEYS, op);
  const d = dim === undefined || dim === null ? null : normalizeDim(dim, x.ndim, op);
  checkNonEmpty(x, d === null ? reduceDims(x, null, op) : [d], op);
  const keepdim = !!options.keepdim;
  return runKernel(op, [x], { dim: d, keepdim });
}
/** Index (int32) of the first largest value along `dim`, or in the flattened tensor when `dim` is undefined or null. */
export const argmax = (x: Tensor, dim?: number | null, options: ReduceOptions = {}) => argReduce('argmax', x, dim, options);
/** Index (int32) of the first smallest value along `dim`, or in the flattened tensor when `dim` is undefined or null. */
export const argmin = (x: Tensor, dim?: number | null, options: ReduceOptions = {}) => argReduce('argmin', x, dim, options);

/** max()/min(): all elements; (dim) -> [values, indices]; (tensor) -> elementwise. */
export function maxOrMin(which: 'max' | 'min', x: Tensor, arg?: number | Tensor, options: ReduceOptions = {}): Tensor | [Tensor, Tensor] {
  checkOptions(options, REDUCE_KEYS, which);
  if (isTensor(arg)) return binary(which === 'max' ? 'maximum' : 'minimum', x, arg);
  if (arg === undefined || arg === null) return which === 'max' ? amax(x) : amin(x);
  const d = normalizeDim(arg, x.ndim, which);
  const keepdim = !!options.keepdim;
  const indices = argReduce(which === 'max' ? 'argmax' : 'argmin', x, d, { keepdim: true });
  let values = x.ndim === 0 ? x : gather(x, d, indices);
  if (!keepdim && x.ndim > 0) {
    values = squeeze(values, d);
    return [values, squeeze(indices, d)];
  }
  return [values, indices];
}

function countOf(x: Tensor, dims: number[]): number {
  // a 0-d tensor reduced over its dim 0 (or -1) counts its one element
  return dims.reduce((n, d) => n * (x.shape[d] ?? 1), 1);
}

/** Mean over `dim` (one, several, or all by default) of a floating tensor; `keepdim` keeps reduced dims with size 1. */
export function mean(x: Tensor, dim?: Dims, options: ReduceOptions = {}): Tensor {
  checkOptions(options, REDUCE_KEYS, 'mean');
  if (!isFloat(x.dtype)) {
    throw new DTypeError(
      `mean() needs a floating point input to infer the output dtype, got ${x.dtype}; convert with .float() first`,
      'mean',
    );
  }
  const dims = reduceDims(x, dim, 'mean');
  return binary('div', sum(x, dims, options), countOf(x, dims));
}

/** Variance over `dim` (all by default), with Bessel's correction unless `{ correction: 0 }` (exported as `var`). */
export function variance(x: Tensor, dim?: Dims, options: VarOptions = {}): Tensor {
  checkOptions(options, VAR_KEYS, 'var');
  if (!isFloat(x.dtype)) throw new DTypeError(`var() needs a floating point input, got ${x.dtype}; convert with .float() first`, 'var');
  const dims = reduceDims(x, dim, 'var');
  const correction = options.correction ?? (options.unbiased === false ? 0 : 1);
  const centered = binary('sub', x, mean(x, dims, { keepdim: true }));
  const ss = sum(binary('mul', centered, centered), dims, { keepdim: !!options.keepdim });
  return binary('div', ss, Math.max(0, countOf(x, dims) - correction));
}

/**
 * sqrt(var). Where the variance is exactly 0 the gradient is 0, as PyTorch's std_backward makes
 * it, rather than sqrt's 0/0: the zeros bypass sqrt in both directions.
 */
export function std(x: Tensor, dim?: Dims, options: VarOptions = {}): Tensor {
  const v = variance(x, dim, options);
  const zero = binary('eq', v, 0);
  return where(zero, 0, unary('sqrt', where(zero, 1, v)));
}

/** log(sum(exp(x))) over dims, computed stably. */
export function logsumexp(x: Tensor, dim: number | number[], options: ReduceOptions = {}): Tensor {
  checkOptions(options, REDUCE_KEYS, 'logsumexp');
  const dims = reduceDims(x, dim, 'logsumexp');
  if (!isFloat(x.dtype)) x = cast(x, 'float32');
  const m = detach(amax(x, dims, { keepdim: true }));
  // an infinite max would make x - m NaN; shift by 0 there instead
  const shift = where(binary('eq', unary('abs', m), Infinity), 0, m);
  const s = unary('log', sum(unary('exp', binary('sub', x, shift)), dims, { keepdim: true }));
  const out = binary('add', s, shift);
  return options.keepdim ? out : squeeze(out, dims);
}
