import type { Backend, KernelSignatures, TensorInfo } from '@torchlet/tensor';
import { allocTyped, contiguousStrides, IndexError, numelOf } from '@torchlet/tensor';
import { arr, result } from '../cpu-backend.js';
import { gatherStrided, stridedOffsets } from '../strided.js';

function readIndex(index: TensorInfo): Int32Array {
  return gatherStrided(arr(index.dataId), index, new Int32Array(numelOf(index.shape)));
}

function checkRange(v: number, size: number, op: string, dim: number): void {
  if (v < 0 || v >= size || !Number.isInteger(v)) {
    throw new IndexError(`index ${v} is out of bounds for dimension ${dim} with size ${size}`, op);
  }
}

/** Contiguous copy of a base tensor to accumulate into. */
function cloneOf(base: TensorInfo) {
  return gatherStrided(arr(base.dataId), base, allocTyped(base.dtype, numelOf(base.shape)));
}

export function gatherKernel([x, index]: [TensorInfo, TensorInfo], { dim }: { dim: number }, backend: Backend): KernelSignatures['gather']['output'] {
  const idx = readIndex(index);
  const strides = x.strides.map((s, d) => (d === dim ? 0 : s));
  const offs = stridedOffsets(index.shape, strides, x.offset);
  const a = arr(x.dataId);
  const out = allocTyped(x.dtype, idx.length);
  const size = x.shape[dim]!;
  const sd = x.strides[dim]!;
  for (let i = 0; i < idx.length; i++) {
    const v = idx[i]!;
    checkRange(v, size, 'gather', dim);
    out[i] = a[offs[i]! + v * sd]!;
  }
  return result(backend, out, index.shape, x.dtype);
}

export function scatterAddKernel([base, index, src]: [TensorInfo, TensorInfo, TensorInfo], { dim }: { dim: number }, backend: Backend): KernelSignatures['scatterAdd']['output'] {
  const out = cloneOf(base);
  const idx = readIndex(index);
  const cs = contiguousStrides(base.shape);
  const outOffs = stridedOffsets(index.shape, cs.map((s, d) => (d === dim ? 0 : s)), 0);
  const srcOffs = stridedOffsets(index.shape, src.strides, src.offset);
  const s = arr(src.dataId);
  const size = base.shape[dim]!;
  for (let i = 0; i < idx.length; i++) {
    const v = idx[i]!;
    checkRange(v, size, 'scatterAdd', dim);
    out[outOffs[i]! + v * cs[dim]!] += s[srcOffs[i]!]!;
  }
  return result(backend, out, base.shape, base.dtype);
}

export function indexSelectKernel([x, index]: [TensorInfo, TensorInfo], { dim }: { dim: number }, backend: Backend): KernelSignatures['indexSelect']['output'] {
  const idx = readIndex(index);
  const size = x.shape[dim]!;
  for (const v of idx) checkRange(v, size, 'indexSelect', dim);
  const shape = x.shape.map((s, d) => (d === dim ? idx.length : s));
  const offs = stridedOffsets(shape, x.strides.map((s, d) => (d === dim ? 0 : s)), x.offset);
  const inner = shape.slice(dim + 1).reduce((p, s) => p * s, 1);
  const n = idx.length;
  const sd = x.strides[dim]!;
  const a = arr(x.dataId);
  const out = allocTyped(x.dtype, offs.length);
  for (let i = 0; i < offs.length; i++) out[i] = a[offs[i]! + idx[Math.floor(i / inner) % n]! * sd]!;
  return result(backend, out, shape, x.dtype);
}

export function indexAddKernel([base, index, src]: [TensorInfo, TensorInfo, TensorInfo], { dim }: { dim: number }, backend: Backend): KernelSignatures['indexAdd']['output'] {
  const out = cloneOf(base);
  const idx = readIndex(index);
  const size = base.shape[dim]!;
  for (const v of idx) checkRange(v, size, 'indexAdd', dim);
  const cs = contiguousStrides(base.shape);
  const outOffs = stridedOffsets(src.shape, cs.map((s, d) => (d === dim ? 0 : s)), 0);
  const srcOffs = stridedOffsets(src.shape, src.strides, src.offset);
  const inner = src.shape.slice(dim + 1).reduce((p, s) => p * s, 1);
  const n = idx.length;
  const s = arr(src.dataId);
  for (let i = 0; i < srcOffs.length; i++) out[outOffs[i]! + idx[Math.floor(i / inner) % n]! * cs[dim]!] += s[srcOffs[i]!]!;
  return result(backend, out, base.shape, base.dtype);
}
