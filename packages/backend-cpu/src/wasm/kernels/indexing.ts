import type { Backend, KernelResult, KernelSignatures, TensorInfo } from '@torchlet/tensor';
import { contiguousStrides, IndexError, numelOf } from '@torchlet/tensor';
import { emitIndexing } from '../gen/indexing.js';
import { stridedOffsets } from '../../strided.js';
import type { WasmCpuBackend, WasmData } from '../wasm-backend.js';

/**
 * Merge the dims before `dim` into one and those after it into one, for every tensor at once
 * (each given by its shape and strides); null when some tensor's strides do not allow it.
 */
function aroundDim(
  shapes: readonly (readonly number[])[],
  strides: readonly (readonly number[])[],
  dim: number,
): { sizes: number[][]; strides: number[][] } | null {
  const merge = (lo: number, hi: number, t: number): [number, number] | null => {
    let size = 1;
    let stride = 0;
    for (let d = hi - 1; d >= lo; d--) {
      const s = shapes[t]![d]!;
      if (s === 1) continue;
      const st = strides[t]![d]!;
      if (size === 1) stride = st;
      else if (st !== stride * size) return null;
      size *= s;
    }
    return [size, stride];
  };
  const sizes: number[][] = [];
  const outStrides: number[][] = [];
  for (let t = 0; t < shapes.length; t++) {
    const nd = shapes[t]!.length;
    const o = merge(0, dim, t);
    const i = merge(dim + 1, nd, t);
    if (!o || !i) return null;
    sizes.push([o[0], shapes[t]![dim]!, i[0]]);
    outStrides.push([o[1], strides[t]![dim]!, i[1]]);
  }
  return { sizes, strides: outStrides };
}

type Fn = (...a: number[]) => number;
const is4 = (x: TensorInfo) => x.dtype === 'float32' || x.dtype === 'int32';
const fnOf = (b: WasmCpuBackend, kind: 'gather' | 'scatterAdd' | 'indexSelect' | 'indexAdd', float: boolean) =>
  b.rt.module<Record<string, Fn>>(`index:${kind}:${float}`, (m) => emitIndexing(m, kind, float))[kind]!;

/** The typed error for the first index outside [0, size). */
function outOfRange(idx: TensorInfo, size: number, op: string, dim: number): never {
  const data = (idx.dataId as WasmData).data;
  const bad = Array.from(stridedOffsets(idx.shape, idx.strides, idx.offset), (o) => data[o]!).find((v) => v < 0 || v >= size);
  throw new IndexError(`index ${bad} is out of bounds for dimension ${dim} with size ${size}`, op);
}

/** Contiguous clone of `base` into a fresh resident allocation (for the accumulating kernels). */
function cloneInto(b: WasmCpuBackend, base: TensorInfo): WasmData {
  const out = b.allocUninit(numelOf(base.shape), base.dtype);
  const src = (base.dataId as WasmData).data;
  const dst = out.data;
  const cs = contiguousStrides(base.shape);
  const same = base.strides.every((s, i) => s === cs[i] || base.shape[i] === 1);
  if (same && (base.dataId as WasmData).h.resident) b.rt.mem.copy(out.h.ptr, (base.dataId as WasmData).h.ptr + base.offset * 4, out.nbytes);
  else if (same) dst.set(src.subarray(base.offset, base.offset + dst.length) as never);
  else {
    let k = 0;
    const walk = (d: number, off: number) => {
      if (d === base.shape.length) dst[k++] = src[off]!;
      else for (let i = 0; i < base.shape[d]!; i++) walk(d + 1, off + i * base.strides[d]!);
    };
    walk(0, base.offset);
  }
  return out;
}

type K<N extends keyof KernelSignatures> = (
  inputs: KernelSignatures[N]['inputs'],
  attrs: KernelSignatures[N]['attrs'],
  backend: Backend,
) => KernelResult;

export function wasmGatherKernel(fallback: K<'gather'>): K<'gather'> {
  return (inputs, attrs, backend) => {
    const [x, index] = inputs;
    const dim = attrs.dim;
    // x is read at the index's coordinates: see it with the index's shape (and its own size along dim)
    const xView = index.shape.map((s, d) => (d === dim ? x.shape[dim]! : s));
    const plan = is4(x) && index.dtype === 'int32' ? aroundDim([index.shape, xView], [index.strides, x.strides], dim) : null;
    if (!plan) return fallback(inputs, attrs, backend);
    const b = backend as WasmCpuBackend;
    const [outer, n, inner] = plan.sizes[0]!;
    const out = b.allocUninit(numelOf(index.shape), x.dtype);
    try {
      const [io, id, ii] = plan.strides[0]!;
      const [xo, xd, xi] = plan.strides[1]!;
      const code = fnOf(b, 'gather', false)(
        out.h.ptr,
        b.ptr(x.dataId, x.offset),
        b.ptr(index.dataId, index.offset),
        outer!,
        n!,
        inner!,
        xo! * 4,
        xd! * 4,
        xi! * 4,
        io! * 4,
        id! * 4,
        ii! * 4,
        x.shape[dim]!,
      );
      if (code) outOfRange(index, x.shape[dim]!, 'gather', dim);
    } catch (err) {
      b.free(out);
      throw err;
    } finally {
      b.endKernel();
    }
    return { dataId: out, shape: index.shape, dtype: x.dtype };
  };
}

export function wasmScatterAddKernel(fallback: K<'scatterAdd'>): K<'scatterAdd'> {
  return (inputs, attrs, backend) => {
    const [base, index, src] = inputs;
    const dim = attrs.dim;
    // src and the output are addressed at the index's coordinates
    const outView = index.shape.map((s, d) => (d === dim ? base.shape[dim]! : s));
    const plan =
      is4(base) && src.dtype === base.dtype && index.dtype === 'int32'
        ? aroundDim([index.shape, index.shape, outView], [index.strides, src.strides, contiguousStrides(base.shape)], dim)
        : null;
    if (!plan) return fallback(inputs, attrs, backend);
    const b = backend as WasmCpuBackend;
    const out = cloneInto(b, base);
    try {
      const [outer, n, inner] = plan.sizes[0]!;
      const [io, id, ii] = plan.strides[0]!;
      const [so, sd, si] = plan.strides[1]!;
      const [oo, od] = plan.strides[2]!;
      const code = fnOf(b, 'scatterAdd', base.dtype === 'float32')(
        out.h.ptr,
        b.ptr(src.dataId, src.offset),
        b.ptr(index.dataId, index.offset),
        outer!,
        n!,
        inner!,
        so! * 4,
        sd! * 4,
        si! * 4,
        io! * 4,
        id! * 4,
        ii! * 4,
        base.shape[dim]!,
        oo! * 4,
        od! * 4,
      );
      if (code) outOfRange(index, base.shape[dim]!, 'scatterAdd', dim);
    } catch (err) {
      b.free(out);
      throw err;
    } finally {
      b.endKernel();
    }
    return { dataId: out, shape: base.shape, dtype: base.dtype };
  };
}

export function wasmIndexSelectKernel(fallback: K<'indexSelect'>): K<'indexSelect'> {
  return (inputs, attrs, backend) => {
    const [x, index] = inputs;
    const dim = attrs.dim;
    const plan = is4(x) && index.dtype === 'int32' && index.shape.length <= 1 ? aroundDim([x.shape], [x.strides], dim) : null;
    if (!plan) return fallback(inputs, attrs, backend);
    const b = backend as WasmCpuBackend;
    const n = numelOf(index.shape);
    const shape = x.shape.map((s, d) => (d === dim ? n : s));
    const out = b.allocUninit(numelOf(shape), x.dtype);
    try {
      const [outer, , inner] = plan.sizes[0]!;
      const [xo, xd, xi] = plan.strides[0]!;
      const code = fnOf(b, 'indexSelect', false)(
        out.h.ptr,
        b.ptr(x.dataId, x.offset),
        b.ptr(index.dataId, index.offset),
        outer!,
        n,
        inner!,
        xo! * 4,
        xd! * 4,
        xi! * 4,
        (index.strides[0] ?? 1) * 4,
        x.shape[dim]!,
      );
      if (code) outOfRange(index, x.shape[dim]!, 'indexSelect', dim);
    } catch (err) {
      b.free(out);
      throw err;
    } finally {
      b.endKernel();
    }
    return { dataId: out, shape, dtype: x.dtype };
  };
}

export function wasmIndexAddKernel(fallback: K<'indexAdd'>): K<'indexAdd'> {
  return (inputs, attrs, backend) => {
    const [base, index, src] = inputs;
    const dim = attrs.dim;
    const plan =
      is4(base) && src.dtype === base.dtype && index.dtype === 'int32' && index.shape.length <= 1
        ? aroundDim([src.shape, base.shape], [src.strides, contiguousStrides(base.shape)], dim)
        : null;
    if (!plan) return fallback(inputs, attrs, backend);
    const b = backend as WasmCpuBackend;
    const out = cloneInto(b, base);
    try {
      const [outer, n, inner] = plan.sizes[0]!;
      const [so, sd, si] = plan.strides[0]!;
      const [oo, od] = plan.strides[1]!;
      const code = fnOf(b, 'indexAdd', base.dtype === 'float32')(
        out.h.ptr,
        b.ptr(src.dataId, src.offset),
        b.ptr(index.dataId, index.offset),
        outer!,
        n!,
        inner!,
        so! * 4,
        sd! * 4,
        si! * 4,
        (index.strides[0] ?? 1) * 4,
        base.shape[dim]!,
        oo! * 4,
        od! * 4,
      );
      if (code) outOfRange(index, base.shape[dim]!, 'indexAdd', dim);
    } catch (err) {
      b.free(out);
      throw err;
    } finally {
      b.endKernel();
    }
    return { dataId: out, shape: base.shape, dtype: base.dtype };
  };
}
