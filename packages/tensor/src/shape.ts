import { IndexError, ShapeError, ValueError } from './errors.js';

/** A tensor's size per dimension, outermost first (`[N, C, H, W]`); `[]` is a scalar. */
export type Shape = readonly number[];

/** Number of elements of `shape` (1 for `[]`). */
export function numelOf(shape: Shape): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

/** Row-major (C-contiguous) strides of `shape`, in elements: `[2, 3, 4]` gives `[12, 4, 1]`. */
export function contiguousStrides(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= Math.max(shape[i]!, 1);
  }
  return strides;
}

/** Whether `strides` are the row-major strides of `shape` (size-1 dimensions may have any stride). */
export function isContiguous(shape: Shape, strides: readonly number[]): boolean {
  let expected = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    if (shape[i] === 1) continue;
    if (strides[i] !== expected) return false;
    expected *= shape[i]!;
  }
  return true;
}

/** `shape` as PyTorch prints a size: `[2, 3]`. */
export function shapeStr(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}

/** Whether two shapes are equal. */
export function shapesEqual(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** Wrap a possibly negative dim into [0, ndim). */
export function normalizeDim(dim: number, ndim: number, op: string): number {
  const n = Math.max(ndim, 1);
  if (!Number.isInteger(dim) || dim < -n || dim >= n) {
    throw new IndexError(
      `dim ${dim} is out of range for a tensor of ${ndim} dimension${ndim === 1 ? '' : 's'} (expected a dim in [${-n}, ${n - 1}])`,
      op,
    );
  }
  return dim < 0 ? dim + n : dim;
}

/** `dims` (one dim, several, or all when undefined / null) made non-negative and sorted; an IndexError naming `op` when out of range or repeated. */
export function normalizeDims(dims: number | readonly number[] | undefined | null, ndim: number, op: string): number[] {
  if (dims === undefined || dims === null) return Array.from({ length: ndim }, (_, i) => i);
  const list = typeof dims === 'number' ? [dims] : [...dims];
  const out = list.map((d) => normalizeDim(d, ndim, op));
  if (new Set(out).size !== out.length) throw new IndexError(`dim ${list.join(', ')} appears more than once`, op);
  return out.sort((a, b) => a - b);
}

/** Accept `f(2, 3)`, `f([2, 3])` or `f()`; validate every size. */
export function parseSizes(args: readonly unknown[], op: string, allowMinusOne = false): number[] {
  const list = args.length === 1 && Array.isArray(args[0]) ? (args[0] as unknown[]) : args;
  let inferred = 0;
  for (const s of list) {
    if (typeof s !== 'number' || !Number.isInteger(s) || s < (allowMinusOne ? -1 : 0)) {
      throw new ValueError(
        `sizes must be non-negative integers${allowMinusOne ? ' (or -1 once, to infer)' : ''}, got ${JSON.stringify(list)}`,
        op,
      );
    }
    if (s === -1 && ++inferred > 1) throw new ValueError(`only one dimension can be inferred (-1), got ${shapeStr(list as number[])}`, op);
  }
  return list as number[];
}

/** Resolve a single -1 in a target shape against a number of elements. */
export function inferShape(target: readonly number[], numel: number, from: Shape, op: string): number[] {
  const idx = target.indexOf(-1);
  const known = target.reduce((p, s) => (s === -1 ? p : p * s), 1);
  const out = [...target];
  if (idx >= 0) {
    if (known === 0 || numel % known !== 0) {
      throw new ShapeError(`shape ${shapeStr(target)} is invalid for input of size ${numel} (shape ${shapeStr(from)})`, op);
    }
    out[idx] = numel / known;
  } else if (known !== numel) {
    throw new ShapeError(`shape ${shapeStr(target)} is invalid for input of size ${numel} (shape ${shapeStr(from)})`, op);
  }
  return out;
}

/** The shape `shapes` broadcast to, under NumPy / PyTorch rules (trailing dimensions match or one of them is 1); a ShapeError naming `op` when they do not fit. */
export function broadcastShapes(op: string, ...shapes: Shape[]): number[] {
  // the common case: equal shapes (the result may be one of them: shapes are never mutated)
  if (shapes.length === 2 && shapesEqual(shapes[0]!, shapes[1]!)) return shapes[0] as number[];
  const ndim = Math.max(0, ...shapes.map((s) => s.length));
  const out = new Array<number>(ndim).fill(1);
  for (const s of shapes) {
    for (let i = 0; i < s.length; i++) {
      const o = ndim - s.length + i;
      const v = s[i]!;
      if (v === out[o] || v === 1) continue;
      if (out[o] === 1) out[o] = v;
      else {
        throw new ShapeError(
          `shapes ${shapes.map(shapeStr).join(' and ')} cannot be broadcast together: size ${out[o]} vs ${v} at dim ${o}. ` +
            'Sizes must match or be 1; use unsqueeze/view to line dims up',
          op,
        );
      }
    }
  }
  return out;
}

/** Strides that read `shape`/`strides` as if broadcast to `target` (0 on broadcast dims). */
export function broadcastStrides(shape: Shape, strides: readonly number[], target: Shape): number[] {
  if (shape === target || shapesEqual(shape, target)) return strides as number[];
  const out = new Array<number>(target.length).fill(0);
  const off = target.length - shape.length;
  for (let i = 0; i < shape.length; i++) out[off + i] = shape[i] === 1 && target[off + i] !== 1 ? 0 : strides[i]!;
  return out;
}

/**
 * Strides for viewing (shape, strides) as newShape without copying, or null when impossible
 * (PyTorch's computeStride).
 */
export function viewStrides(oldShape: Shape, oldStrides: readonly number[], newShape: Shape): number[] | null {
  const numel = numelOf(oldShape);
  if (numel === 0) return contiguousStrides(newShape);
  const newStrides = new Array<number>(newShape.length).fill(0);
  let viewD = newShape.length - 1;
  let chunkBase = oldStrides[oldStrides.length - 1] ?? 1;
  let tensorNumel = 1;
  let viewNumel = 1;
  for (let d = oldShape.length - 1; d >= 0; d--) {
    tensorNumel *= oldShape[d]!;
    if (d === 0 || (oldShape[d - 1] !== 1 && oldStrides[d - 1] !== tensorNumel * chunkBase)) {
      while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] === 1)) {
        newStrides[viewD] = viewNumel * chunkBase;
        viewNumel *= newShape[viewD]!;
        viewD--;
      }
      if (viewNumel !== tensorNumel) return null;
      if (d > 0) {
        chunkBase = oldStrides[d - 1]!;
        tensorNumel = 1;
        viewNumel = 1;
      }
    }
  }
  if (viewD !== -1) {
    // trailing size-1 dims of the new shape (only possible for scalars)
    while (viewD >= 0) {
      if (newShape[viewD] !== 1) return null;
      newStrides[viewD] = 1;
      viewD--;
    }
  }
  return newStrides;
}
