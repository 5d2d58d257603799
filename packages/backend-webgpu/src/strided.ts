/**
 * Host-side layout helpers: merge dims that every operand walks contiguously, so kernels see the
 * lowest rank (a contiguous tensor of any shape is rank 1), and check contiguity.
 */

export interface Coalesced {
  shape: number[];
  /** one stride list per operand, same length as shape */
  strides: number[][];
}

/**
 * Drop size-1 dims and merge neighbouring dims wherever every operand has
 * stride[d] == stride[d + 1] * shape[d + 1]. The element order (row-major over `shape`) is kept.
 */
export function coalesce(shape: readonly number[], strides: readonly (readonly number[])[]): Coalesced {
  const outShape: number[] = [];
  const outStrides: number[][] = strides.map(() => []);
  for (let d = shape.length - 1; d >= 0; d--) {
    const size = shape[d]!;
    if (size === 1) continue;
    if (outShape.length > 0) {
      const inner = outShape[0]!;
      if (strides.every((s, k) => s[d]! === outStrides[k]![0]! * inner)) {
        outShape[0] = inner * size;
        continue;
      }
    }
    outShape.unshift(size);
    strides.forEach((s, k) => {
      outStrides[k]!.unshift(s[d]!);
    });
  }
  return { shape: outShape, strides: outStrides };
}

/** True when an operand is read at offset + i (its strides are the contiguous strides of `shape`). */
export function isFlat(shape: readonly number[], strides: readonly number[]): boolean {
  let expected = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    if (shape[d] === 1) continue;
    if (strides[d] !== expected) return false;
    expected *= shape[d]!;
  }
  return true;
}
