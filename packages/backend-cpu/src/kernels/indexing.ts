import type { Backend, KernelSignatures, TensorInfo } from '@torchlet/tensor';
import { contiguousStrides, IndexError, numelOf } from '@torchlet/tensor';
import { arr, done, output, type Output } from '../cpu-backend.js';
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
function cloneOf(base: TensorInfo, backend: Backend): Output {
  const o = output(backend, base.dtype, numelOf(base.shape));
  gatherStrided(arr(base.dataId), base, o.data as Float32Array);
  return o;
}

export function gatherKernel(
  [x, index]: [TensorInfo, TensorInfo],
  { dim }: { dim: number },
  backend: Backend,
): KernelSignatures['gather']['output'] {
  const idx = readIndex(index);
  const strides = x.strides.map((s, d) => (d === dim ? 0 : s));
  const offs = stridedOffsets(index.shape, strides, x.offset);
  const a = arr(x.dataId);
  const o = output(backend, x.dtype, idx.length);
  const out = o.data;
  const size = x.shape[dim]!;
  const sd = x.strides[dim]!;
  for (let i = 0; i < idx.length; i++) {
    const v = idx[i]!;
    checkRange(v, size, 'gather', dim);
    out[i] = a[offs[i]! + v * sd]!;
  }
  return done(backend, o, index.shape, x.dtype);
}

export function scatterAddKernel(
  [base, index, src]: [TensorInfo, TensorInfo, TensorInfo],
  { dim }: { dim: number },
  backend: Backend,
): KernelSignatures['scatterAdd']['output'] {
  const o = cloneOf(base, backend);
  const out = o.data;
  const idx = readIndex(index);
  const cs = contiguousStrides(base.shape);
  const outOffs = stridedOffsets(
    index.shape,
    cs.map((s, d) => (d === dim ? 0 : s)),
    0,
  );
  const srcOffs = stridedOffsets(index.shape, src.strides, src.offset);
  const s = arr(src.dataId);
  const size = base.shape[dim]!;
  for (let i = 0; i < idx.length; i++) {
    const v = idx[i]!;
    checkRange(v, size, 'scatterAdd', dim);
    out[outOffs[i]! + v * cs[dim]!]! += s[srcOffs[i]!]!;
  }
  return done(backend, o, base.shape, base.dtype);
}

export function indexSelectKernel(
  [x, index]: [TensorInfo, TensorInfo],
  { dim }: { dim: number },
  backend: Backend,
): KernelSignatures['indexSelect']['output'] {
  const idx = readIndex(index);
  const size = x.shape[dim]!;
  for (const v of idx) checkRange(v, size, 'indexSelect', dim);
  const shape = x.shape.map((s, d) => (d === dim ? idx.length : s));
  const offs = stridedOffsets(
    shape,
    x.strides.map((s, d) => (d === dim ? 0 : s)),
    x.offset,
  );
  const inner = shape.slice(dim + 1).reduce((p, s) => p * s, 1);
  const n = idx.length;
  const sd = x.strides[dim]!;
  const a = arr(x.dataId);
  const o = output(backend, x.dtype, offs.length);
  const out = o.data;
  for (let i = 0; i < offs.length; i++) out[i] = a[offs[i]! + idx[Math.floor(i / inner) % n]! * sd]!;
  return done(backend, o, shape, x.dtype);
}

export function indexAddKernel(
  [base, index, src]: [TensorInfo, TensorInfo, TensorInfo],
  { dim }: { dim: number },
  backend: Backend,
): KernelSignatures['indexAdd']['output'] {
  const o = cloneOf(base, backend);
  const out = o.data;
  const idx = readIndex(index);
  const size = base.shape[dim]!;
  for (const v of idx) checkRange(v, size, 'indexAdd', dim);
  const cs = contiguousStrides(base.shape);
  const outOffs = stridedOffsets(
    src.shape,
    cs.map((s, d) => (d === dim ? 0 : s)),
    0,
  );
  const srcOffs = stridedOffsets(src.shape, src.strides, src.offset);
  const inner = src.shape.slice(dim + 1).reduce((p, s) => p * s, 1);
  const n = idx.length;
  const s = arr(src.dataId);
  for (let i = 0; i < srcOffs.length; i++) out[outOffs[i]! + idx[Math.floor(i / inner) % n]! * cs[dim]!]! += s[srcOffs[i]!]!;
  return done(backend, o, base.shape, base.dtype);
}
