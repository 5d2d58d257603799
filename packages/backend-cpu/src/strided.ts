import type { TensorInfo } from '@torchlet/tensor';
import { isContiguous, numelOf } from '@torchlet/tensor';

/**
 * Storage offset of every element of a strided view in row-major order, or null when the view
 * is contiguous (element i is then at offset + i).
 */
export function offsetsOf(shape: readonly number[], strides: readonly number[], offset: number): Int32Array | null {
  if (isContiguous(shape, strides)) return null;
  return stridedOffsets(shape, strides, offset);
}

/** The storage offset of every element of a strided view, in row-major order. */
export function stridedOffsets(shape: readonly number[], strides: readonly number[], offset: number): Int32Array {
  const n = numelOf(shape);
  const out = new Int32Array(n);
  const nd = shape.length;
  if (n === 0) return out;
  if (nd === 0) {
    out[0] = offset;
    return out;
  }
  const last = shape[nd - 1]!;
  const ls = strides[nd - 1]!;
  const idx = new Array<number>(nd).fill(0);
  let base = offset;
  let k = 0;
  for (;;) {
    for (let j = 0, o = base; j < last; j++, o += ls) out[k++] = o;
    let d = nd - 2;
    while (d >= 0) {
      idx[d]!++;
      base += strides[d]!;
      if (idx[d]! < shape[d]!) break;
      base -= strides[d]! * shape[d]!;
      idx[d] = 0;
      d--;
    }
    if (d < 0) return out;
  }
}

/** Offsets of a kernel input (null = contiguous from info.offset). */
export function infoOffsets(t: TensorInfo): Int32Array | null {
  return offsetsOf(t.shape, t.strides, t.offset);
}

/** Copy a strided view into a new contiguous array of the given constructor. */
export function gatherStrided<A extends Float64Array | Float32Array | Int32Array | Uint8Array>(
  src: ArrayLike<number>,
  t: TensorInfo,
  out: A,
): A {
  const offs = infoOffsets(t);
  const n = out.length;
  if (!offs) for (let i = 0; i < n; i++) out[i] = src[t.offset + i]!;
  else for (let i = 0; i < n; i++) out[i] = src[offs[i]!]!;
  return out;
}
