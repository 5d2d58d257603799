import { applyOp, runKernel } from '../dispatch.js';
import { IndexError, ShapeError, ValueError } from '../errors.js';
import { inferShape, isContiguous, normalizeDim, parseSizes, shapeStr, viewStrides } from '../shape.js';
import { Tensor } from '../tensor.js';
import { checkIndex } from '../checks.js';

/** Internal API (@torchlet/tensor/internal): a tensor sharing x's storage with other metadata. */
export function makeView(x: Tensor, shape: readonly number[], strides: readonly number[], offset: number): Tensor {
  x.assertAlive('view');
  return new Tensor(x._storage, shape, strides, offset, x.dtype);
}

/** View with new sizes; autograd records it as 'view' (gradient: reshape back). */
function shaped(x: Tensor, shape: number[], strides: number[], op: string): Tensor {
  return applyOp('view', [x], { shape: [...x.shape], op }, () => makeView(x, shape, strides, x.offset));
}

/** A view of `x` with shape `sizes` (one may be -1, inferred), sharing its storage (PyTorch's `view`); a ShapeError when the strides do not allow a view: use {@link reshape}. */
export function view(x: Tensor, sizes: number[]): Tensor {
  const shape = inferShape(parseSizes(sizes, 'view', true), x.numel(), x.shape, 'view');
  const strides = viewStrides(x.shape, x.strides, shape);
  if (!strides) {
    throw new ShapeError(
      `view size ${shapeStr(shape)} is not compatible with the input's size ${shapeStr(x.shape)} and stride ${shapeStr(x.strides)} ` +
        '(at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead, or call .contiguous() before .view(...)',
      'view',
    );
  }
  return shaped(x, shape, strides, 'view');
}

/** `x` with shape `sizes` (one may be -1): a view when the strides allow, otherwise a contiguous copy (PyTorch's `reshape`). */
export function reshape(x: Tensor, sizes: number[]): Tensor {
  const shape = inferShape(parseSizes(sizes, 'reshape', true), x.numel(), x.shape, 'reshape');
  const strides = viewStrides(x.shape, x.strides, shape);
  if (strides) return shaped(x, shape, strides, 'reshape');
  return view(clone(x), shape);
}

/** A tensor sharing `x`'s storage but cut from the autograd graph: no `gradFn`, `requiresGrad` false. */
export function detach(x: Tensor): Tensor {
  return makeView(x, x.shape, x.strides, x.offset);
}

/** Internal API (@torchlet/tensor/internal): a contiguous copy that autograd does not see. */
export function contiguousCopy(x: Tensor): Tensor {
  return runKernel('copy', [x], {});
}

/** A contiguous copy of `x` with its own storage; gradients flow back to `x`. */
export function clone(x: Tensor): Tensor {
  return applyOp('clone', [x], {}, () => contiguousCopy(x));
}

/** `x` itself when it is contiguous, otherwise a contiguous copy. */
export function contiguous(x: Tensor): Tensor {
  return isContiguous(x.shape, x.strides) ? x : clone(x);
}

/** A view with the dimensions reordered: output dim `i` is input dim `dims[i]` (PyTorch's `permute`). */
export function permute(x: Tensor, dims: number[]): Tensor {
  const n = x.ndim;
  if (dims.length !== n) {
    throw new ShapeError(
      `number of dims don't match: the tensor has ${n} dims (shape ${shapeStr(x.shape)}) but ${dims.length} were given (${shapeStr(dims)})`,
      'permute',
    );
  }
  const d = dims.map((v) => normalizeDim(v, n, 'permute'));
  if (new Set(d).size !== n) throw new IndexError(`repeated dim in permutation ${shapeStr(dims)}`, 'permute');
  return applyOp('permute', [x], { dims: d }, () =>
    makeView(
      x,
      d.map((i) => x.shape[i]!),
      d.map((i) => x.strides[i]!),
      x.offset,
    ),
  );
}

/** A view with dims `dim0` and `dim1` swapped. */
export function transpose(x: Tensor, dim0: number, dim1: number): Tensor {
  const n = x.ndim;
  const a = normalizeDim(dim0, n, 'transpose');
  const b = normalizeDim(dim1, n, 'transpose');
  if (n === 0) return permute(x, []);
  const dims = Array.from({ length: n }, (_, i) => i);
  dims[a] = b;
  dims[b] = a;
  return permute(x, dims);
}

/** Transpose of a matrix (a view); 0-D and 1-D tensors come back as they are. */
export function t(x: Tensor): Tensor {
  if (x.ndim > 2)
    throw new ShapeError(
      `t() expects a tensor with <= 2 dimensions, but it has ${x.ndim} (shape ${shapeStr(x.shape)}); use transpose(dim0, dim1) or .mT`,
      't',
    );
  return x.ndim < 2 ? x : transpose(x, 0, 1);
}

/** A view without size-1 dimensions: all of them, or only `dim` (one or several) where its size is 1. */
export function squeeze(x: Tensor, dim?: number | number[]): Tensor {
  const dims =
    dim === undefined ? x.shape.map((_, i) => i) : (Array.isArray(dim) ? dim : [dim]).map((d) => normalizeDim(d, x.ndim, 'squeeze'));
  const keep = x.shape.map((s, i) => !(s === 1 && dims.includes(i)));
  if (keep.every(Boolean)) return x;
  return shaped(
    x,
    x.shape.filter((_, i) => keep[i]),
    x.strides.filter((_, i) => keep[i]),
    'squeeze',
  );
}

/** A view with a size-1 dimension inserted at `dim` (negative counts from the end, in the output's rank). */
export function unsqueeze(x: Tensor, dim: number): Tensor {
  const d = normalizeDim(dim, x.ndim + 1, 'unsqueeze');
  const shape = [...x.shape];
  const strides = [...x.strides];
  const st = d < x.ndim ? x.strides[d]! * x.shape[d]! : 1;
  shape.splice(d, 0, 1);
  strides.splice(d, 0, st);
  return shaped(x, shape, strides, 'unsqueeze');
}

/** Dims `startDim..endDim` (inclusive; all by default) merged into one: a view when possible, else a copy. */
export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  if (x.ndim === 0) return reshape(x, [1]);
  const s = normalizeDim(startDim, x.ndim, 'flatten');
  const e = normalizeDim(endDim, x.ndim, 'flatten');
  if (s > e) throw new ValueError(`flatten() has invalid args: start_dim (${startDim}) cannot come after end_dim (${endDim})`, 'flatten');
  if (s === e) return x;
  const mid = x.shape.slice(s, e + 1).reduce((a, b) => a * b, 1);
  return reshape(x, [...x.shape.slice(0, s), mid, ...x.shape.slice(e + 1)]);
}

/** Dim `dim` split into `sizes` (one may be -1), e.g. `[N, 12]` to `[N, 3, 4]`. */
export function unflatten(x: Tensor, dim: number, sizes: number[]): Tensor {
  const d = normalizeDim(dim, x.ndim, 'unflatten');
  const inner = inferShape(parseSizes(sizes, 'unflatten', true), x.shape[d]!, [x.shape[d]!], 'unflatten');
  return view(x, [...x.shape.slice(0, d), ...inner, ...x.shape.slice(d + 1)]);
}

/** A view broadcasting size-1 dims to `sizes` (-1 keeps a size; new leading dims are allowed) with stride 0: no copy. */
export function expand(x: Tensor, sizes: number[]): Tensor {
  parseSizes(sizes, 'expand', true);
  if (sizes.length < x.ndim) {
    throw new ShapeError(
      `the number of sizes provided (${sizes.length}) must be greater or equal to the number of dimensions in the tensor (${x.ndim})`,
      'expand',
    );
  }
  const off = sizes.length - x.ndim;
  const shape: number[] = [];
  const strides: number[] = [];
  for (let i = 0; i < sizes.length; i++) {
    const j = i - off;
    const want = sizes[i]!;
    if (j < 0) {
      if (want === -1) throw new ShapeError(`-1 is not allowed for a new leading dimension (sizes ${shapeStr(sizes)})`, 'expand');
      shape.push(want);
      strides.push(0);
      continue;
    }
    const have = x.shape[j]!;
    if (want === -1 || want === have) {
      shape.push(have);
      strides.push(x.strides[j]!);
    } else if (have === 1) {
      shape.push(want);
      strides.push(0);
    } else {
      throw new ShapeError(
        `the expanded size of the tensor (${want}) must match the existing size (${have}) at non-singleton dimension ${i}. Target sizes: ${shapeStr(sizes)}. Tensor sizes: ${shapeStr(x.shape)}`,
        'expand',
      );
    }
  }
  if (shape.every((s, i) => s === x.shape[i]) && shape.length === x.ndim) return x;
  return applyOp('expand', [x], { shape: [...x.shape] }, () => makeView(x, shape, strides, x.offset));
}

/** Elements start, start+step, ... < end along dim (a view); the base of narrow, select and slicing. */
export function slice(x: Tensor, dim: number, start: number, end: number, step = 1): Tensor {
  const d = normalizeDim(dim, x.ndim, 'slice');
  if (!Number.isInteger(step) || step <= 0) throw new ValueError(`slice step must be a positive integer, got ${step}`, 'slice');
  const size = x.shape[d]!;
  const clampIdx = (i: number) => Math.min(Math.max(i < 0 ? i + size : i, 0), size);
  const s = clampIdx(start);
  const e = Math.max(clampIdx(end), s);
  const len = Math.ceil((e - s) / step);
  if (s === 0 && len === size && step === 1) return x;
  const shape = [...x.shape];
  const strides = [...x.strides];
  shape[d] = len;
  strides[d] = x.strides[d]! * step;
  return applyOp('slice', [x], { dim: d, start: s, step, length: len, inputShape: [...x.shape] }, () =>
    makeView(x, shape, strides, x.offset + (len > 0 ? s * x.strides[d]! : 0)),
  );
}

/** A view of `length` elements of dim `dim` from `start` (negative counts from the end). */
export function narrow(x: Tensor, dim: number, start: number, length: number): Tensor {
  if (x.ndim === 0) throw new IndexError('narrow() cannot be applied to a 0-dim tensor; it has no dimension to narrow', 'narrow');
  const d = normalizeDim(dim, x.ndim, 'narrow');
  const size = x.shape[d]!;
  const s = start < 0 ? start + size : start;
  if (!Number.isInteger(start) || s < 0 || s > size)
    throw new IndexError(`start (${start}) is out of range for dimension ${d} of size ${size}`, 'narrow');
  if (!Number.isInteger(length) || length < 0 || s + length > size) {
    throw new IndexError(`start (${s}) + length (${length}) exceeds dimension size (${size}) of dim ${d}`, 'narrow');
  }
  return slice(x, d, s, s + length);
}

/** A view of element `index` of dim `dim`, with that dimension removed (`x[index]` for dim 0). */
export function select(x: Tensor, dim: number, index: number): Tensor {
  if (x.ndim === 0) throw new IndexError('select() cannot be applied to a 0-dim tensor', 'select');
  const d = normalizeDim(dim, x.ndim, 'select');
  const i = checkIndex(index, x.shape[d]!, 'select', d);
  return squeeze(slice(x, d, i, i + 1), d);
}
