import type { Tensor, TypedArray } from '@torchlet/tensor';
import { allocTyped, fromTypedArray, slice, zeros } from '@torchlet/tensor';
import type { InputRecord, JsonNumber, TensorRecord } from './fixture-types.js';

export function decodeNumber(v: JsonNumber): number {
  if (v === 'nan') return NaN;
  if (v === 'inf') return Infinity;
  if (v === '-inf') return -Infinity;
  return typeof v === 'boolean' ? +v : v;
}

export function recordArray(r: TensorRecord): TypedArray {
  const a = allocTyped(r.dtype, r.values.length);
  r.values.forEach((v, i) => (a[i] = decodeNumber(v)));
  return a;
}

/** A contiguous tensor holding a fixture record. */
export function fromRecord(r: TensorRecord, device: string): Tensor {
  return fromTypedArray(recordArray(r), r.shape, { device, dtype: r.dtype });
}

/**
 * Build a fixture input with the memory layout it names (the same recipe the generator used):
 * transposed storage, every other element of a wider tensor, or a view at a storage offset.
 */
export function buildInput(spec: InputRecord, device: string): Tensor | number {
  if ('scalar' in spec) return spec.scalar;
  const base = fromRecord(spec, device);
  const nd = spec.shape.length;
  let t: Tensor;
  switch (spec.layout) {
    case 'contiguous':
      t = base;
      break;
    case 'transposed': {
      const rev = Array.from({ length: nd }, (_, i) => nd - 1 - i);
      t = base.permute(rev).contiguous().permute(rev);
      break;
    }
    case 'strided': {
      const big = zeros([...spec.shape.slice(0, -1), spec.shape[nd - 1]! * 2], { dtype: spec.dtype, device });
      const view = big.index('...', slice(0, null, 2));
      view.copy_(base);
      t = view;
      break;
    }
    case 'offset': {
      const big = zeros([spec.shape[0]! + 1, ...spec.shape.slice(1)], { dtype: spec.dtype, device });
      const view = big.narrow(0, 1, spec.shape[0]!);
      view.copy_(base);
      t = view;
      break;
    }
    default:
      throw new Error(`unknown layout ${(spec as { layout: string }).layout}`);
  }
  if (spec.requiresGrad) t = t.detach().requiresGrad_(true);
  return t;
}
