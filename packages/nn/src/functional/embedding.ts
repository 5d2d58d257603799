import type { Tensor } from '@torchlet/tensor';
import { DTypeError, where } from '@torchlet/tensor';

/** Rows of `weight` at integer `indices`; rows at paddingIdx get no gradient. */
export function embedding(indices: Tensor, weight: Tensor, options: { paddingIdx?: number | null } = {}): Tensor {
  if (indices.dtype !== 'int32' && indices.dtype !== 'uint8') {
    throw new DTypeError(`expected integer indices (int32), got ${indices.dtype}; convert with .int()`, 'embedding');
  }
  const rows = weight.indexSelect(0, indices.reshape(-1));
  let out = rows.view([...indices.shape, weight.shape[1]!]);
  const p = options.paddingIdx;
  if (p !== undefined && p !== null) {
    const pad = p < 0 ? p + weight.shape[0]! : p;
    out = where(indices.eq(pad).unsqueeze(-1), out.detach(), out);
  }
  return out;
}
