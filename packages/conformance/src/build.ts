import type { Tensor, TypedArray } from '@torchlet/tensor';
import { allocTyped, fromTypedArray, slice, zeros } from '@torchlet/tensor';
import type { InputRecord, JsonNumber, TensorRecord } from './fixture-types.js';
import { genArray, unpack } from './generate.js';

/** A fixture number as a number: 'nan', 'inf', '-inf' and '-0' (JSON has none of them) decoded. */
export function decodeNumber(v: JsonNumber): number {
  if (v === 'nan') return NaN;
  if (v === 'inf') return Infinity;
  if (v === '-inf') return -Infinity;
  if (v === '-0') return -0;
  return typeof v === 'boolean' ? +v : v;
}

const numel = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** The record's values in row-major order (listed, packed or generated; not digests). */
export function recordArray(r: TensorRecord, layout?: string): TypedArray {
  if (r.values) {
    const a = allocTyped(r.dtype, r.values.length);
    r.values.forEach((v, i) => {
      a[i] = decodeNumber(v);
    });
    return a;
  }
  if (r.b64 !== undefined) return unpack(r.b64, r.dtype);
  if (r.gen) return genArray(r.gen, r.dtype, numel(r.shape), layout === 'expanded' && r.shape.length ? r.shape[0]! : 1);
  throw new Error(`a record of shape [${r.shape}] holds a digest, not values: it can only be compared against`);
}

/** A contiguous tensor holding a fixture record. */
export function fromRecord(r: TensorRecord, device: string): Tensor {
  return fromTypedArray(recordArray(r), r.shape, { device, dtype: r.dtype });
}

/**
 * Build a fixture input with the memory layout it names (the same recipe the generator used):
 * transposed storage, every other element of a wider tensor, a view at a storage offset,
 * transposed storage at an offset, or dim 0 expanded from one row (stride 0).
 */
export function buildInput(spec: InputRecord, device: string): Tensor | number {
  if ('scalar' in spec) return spec.scalar;
  const base = fromTypedArray(recordArray(spec, spec.layout), spec.shape, { device, dtype: spec.dtype });
  const nd = spec.shape.length;
  const rev = Array.from({ length: nd }, (_, i) => nd - 1 - i);
  let t: Tensor;
  switch (spec.layout) {
    case 'contiguous':
      t = base;
      break;
    case 'transposed':
      t = base.permute(rev).contiguous().permute(rev);
      break;
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
    case 'offsetTransposed': {
      const rshape = rev.map((d) => spec.shape[d]!);
      const big = zeros([rshape[0]! + 1, ...rshape.slice(1)], { dtype: spec.dtype, device });
      const view = big.narrow(0, 1, rshape[0]!);
      view.copy_(base.permute(rev));
      t = view.permute(rev);
      break;
    }
    case 'expanded':
      t = base.narrow(0, 0, 1).expand([...spec.shape]);
      break;
    default:
      throw new Error(`unknown layout ${(spec as { layout: string }).layout}`);
  }
  if (spec.requiresGrad) t = t.detach().requiresGrad_(true);
  return t;
}
