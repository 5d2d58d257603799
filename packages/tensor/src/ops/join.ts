import { applyOp, backendOf } from '../dispatch.js';
import { wrapResult } from '../tensor.js';
import { promoteTypes } from '../dtype.js';
import { IndexError, ShapeError, ValueError } from '../errors.js';
import { getKernel } from '../kernels.js';
import { normalizeDim, numelOf, shapeStr } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { isTensor } from '../checks.js';
import { cast } from './elementwise.js';
import { narrow, select, unsqueeze } from './views.js';

/** Concatenate along an existing dim; dtypes promote as in PyTorch. */
export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
  if (!Array.isArray(tensors) || tensors.length === 0 || !tensors.every(isTensor)) {
    throw new ValueError('expected a non-empty array of tensors', 'cat');
  }
  // legacy behaviour kept by PyTorch: 1-D empty tensors are skipped
  const parts = tensors.filter((t) => !(t.ndim === 1 && t.shape[0] === 0));
  if (parts.length === 0) return tensors[0]!;
  const ref = parts[0]!;
  if (ref.ndim === 0) throw new ShapeError('zero-dimensional tensor cannot be concatenated; use stack() or unsqueeze(0) first', 'cat');
  const d = normalizeDim(dim, ref.ndim, 'cat');
  const dtype = parts.map((t) => t.dtype).reduce(promoteTypes);
  parts.forEach((t, i) => {
    if (t.ndim !== ref.ndim || t.shape.some((s, j) => j !== d && s !== ref.shape[j])) {
      throw new ShapeError(
        `sizes of tensors must match except in dimension ${d}: expected [${ref.shape.map((s, j) => (j === d ? '*' : s)).join(', ')}] but got ${shapeStr(t.shape)} for tensor number ${i} in the list`,
        'cat',
      );
    }
  });
  const backend = backendOf('cat', parts);
  const sizes = parts.map((t) => t.shape[d]!);
  const shape = [...ref.shape];
  shape[d] = sizes.reduce((a, b) => a + b, 0);
  return applyOp('cat', parts, { dim: d, sizes }, () => {
    const out = wrapResult({ dataId: backend.allocate(numelOf(shape), dtype), shape, dtype }, backend);
    const assign = getKernel('assign', backend.name);
    let start = 0;
    for (const t of parts) {
      const src = t.dtype === dtype ? t : cast(t, dtype);
      const dst = narrow(out, d, start, t.shape[d]!);
      assign([dst.info(), src.info()], {}, backend);
      start += t.shape[d]!;
    }
    return out;
  });
}

/** Join along a new dim. */
export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  if (!Array.isArray(tensors) || tensors.length === 0 || !tensors.every(isTensor)) {
    throw new ValueError('expected a non-empty array of tensors', 'stack');
  }
  const ref = tensors[0]!;
  tensors.forEach((t, i) => {
    if (t.ndim !== ref.ndim || t.shape.some((s, j) => s !== ref.shape[j])) {
      throw new ShapeError(
        `stack expects each tensor to be equal size, but got ${shapeStr(ref.shape)} at entry 0 and ${shapeStr(t.shape)} at entry ${i}`,
        'stack',
      );
    }
  });
  const d = normalizeDim(dim, ref.ndim + 1, 'stack');
  return cat(
    tensors.map((t) => unsqueeze(t, d)),
    d,
  );
}

/** Views of consecutive pieces: equal pieces of `size` (the last may be smaller), or the given sizes. */
export function split(x: Tensor, splitSizeOrSections: number | number[], dim = 0): Tensor[] {
  const d = normalizeDim(dim, x.ndim, 'split');
  const n = x.shape[d]!;
  let sizes: number[];
  if (Array.isArray(splitSizeOrSections)) {
    sizes = splitSizeOrSections;
    if (sizes.some((s) => !Number.isInteger(s) || s < 0) || sizes.reduce((a, b) => a + b, 0) !== n) {
      throw new ShapeError(
        `split_with_sizes expects split sizes ${shapeStr(sizes)} to sum exactly to ${n} (input tensor's size at dimension ${d})`,
        'split',
      );
    }
  } else {
    const s = splitSizeOrSections;
    if (!Number.isInteger(s) || s <= 0) throw new ValueError(`split size must be a positive integer, got ${s}`, 'split');
    sizes = [];
    for (let i = 0; i < n; i += s) sizes.push(Math.min(s, n - i));
    if (sizes.length === 0) sizes.push(0);
  }
  let start = 0;
  return sizes.map((len) => {
    const piece = narrow(x, d, start, len);
    start += len;
    return piece;
  });
}

/** `chunks` pieces of ceil(size / chunks) (fewer when it does not divide). */
export function chunk(x: Tensor, chunks: number, dim = 0): Tensor[] {
  if (!Number.isInteger(chunks) || chunks <= 0)
    throw new ValueError(`chunk expects 'chunks' to be a positive integer, got ${chunks}`, 'chunk');
  const d = normalizeDim(dim, x.ndim, 'chunk');
  return split(x, Math.max(1, Math.ceil(x.shape[d]! / chunks)), d);
}

/** The slices of `x` along `dim`, each with that dim removed (views; PyTorch's `unbind`). */
export function unbind(x: Tensor, dim = 0): Tensor[] {
  if (x.ndim === 0)
    throw new IndexError(
      `dimension specified as ${dim} but tensor has no dimensions; a 0-d tensor has nothing to unbind (read it with item())`,
      'unbind',
    );
  const d = normalizeDim(dim, x.ndim, 'unbind');
  return Array.from({ length: x.shape[d]! }, (_, i) => select(x, d, i));
}
