import type { Backend, KernelResult, TensorInfo } from '@torchlet/tensor';
import { bytesPerElement, isContiguous, numelOf } from '@torchlet/tensor';
import { emitCopy } from '../gen/copy.js';
import type { WasmCpuBackend, WasmData } from '../wasm-backend.js';

type CopyFns = { gather2d: (...a: number[]) => void; fill?: (out: number, value: number, n: number) => void };
const fnsFor = (b: WasmCpuBackend, size: 1 | 4 | 8) => b.rt.module<CopyFns>(`copy:${size}`, (m) => emitCopy(m, size));

/** Dims merged where contiguous with each other, size-1 dims dropped. */
function merged(x: TensorInfo): { size: number; stride: number }[] {
  const dims: { size: number; stride: number }[] = [];
  x.shape.forEach((size, d) => {
    if (size === 1) return;
    const stride = x.strides[d]!;
    const last = dims[dims.length - 1];
    if (last && last.stride === stride * size) {
      last.size *= size;
      last.stride = stride;
    } else dims.push({ size, stride });
  });
  return dims;
}

/** A strided view made contiguous (`copy`): rows of the two innermost merged dims in WebAssembly, outer dims walked here. */
export function wasmCopyKernel(fallback: (inputs: [TensorInfo], attrs: Record<string, never>, backend: Backend) => KernelResult) {
  return (inputs: [TensorInfo], attrs: Record<string, never>, backend: Backend): KernelResult => {
    const [x] = inputs;
    const b = backend as WasmCpuBackend;
    const n = numelOf(x.shape);
    const size = bytesPerElement(x.dtype) as 1 | 4 | 8;
    // small ones: the JavaScript copy into a JavaScript array is the cheapest
    if (b.isSmall(n, x.dtype)) return fallback(inputs, attrs, backend);
    const out = b.allocUninit(n, x.dtype);
    try {
      const px = b.ptr(x.dataId as WasmData, 0);
      const dims = merged(x);
      const inner = dims[dims.length - 1] ?? { size: 1, stride: 1 };
      const row = dims.length >= 2 ? dims[dims.length - 2]! : { size: 1, stride: 0 };
      const outer = dims.slice(0, Math.max(0, dims.length - 2));
      const block = inner.size * row.size;
      const fns = fnsFor(b, size);
      const idx = outer.map(() => 0);
      let src = x.offset;
      for (let k = 0, o = out.h.ptr; k * block < n; k++, o += block * size) {
        fns.gather2d(o, px + src * size, row.size, inner.size, row.stride * size, inner.stride * size);
        for (let d = outer.length - 1; d >= 0; d--) {
          src += outer[d]!.stride;
          if (++idx[d]! < outer[d]!.size) break;
          src -= outer[d]!.stride * outer[d]!.size;
          idx[d] = 0;
        }
      }
    } finally {
      b.endKernel();
    }
    return { dataId: out, shape: x.shape, dtype: x.dtype };
  };
}

/**
 * `assign` (write a broadcast source into a view, in place) when the destination is a resident
 * contiguous run: a memory copy from a contiguous source of the same dtype, or a fill from one
 * value; everything else in JavaScript.
 */
export function wasmAssignKernel(fallback: (inputs: [TensorInfo, TensorInfo], attrs: Record<string, never>, backend: Backend) => void) {
  return (inputs: [TensorInfo, TensorInfo], attrs: Record<string, never>, backend: Backend): void => {
    const [dst, src] = inputs;
    const b = backend as WasmCpuBackend;
    const d = dst.dataId as WasmData;
    const n = numelOf(dst.shape);
    const size = bytesPerElement(dst.dtype);
    const fast =
      dst.dtype === src.dtype && dst.dtype !== 'bool' && isContiguous(dst.shape, dst.strides) && !b.isSmall(n, dst.dtype) && b.resident(d);
    if (!fast) {
      fallback(inputs, attrs, backend);
      return;
    }
    const scalar = src.strides.every((s, i) => s === 0 || src.shape[i] === 1);
    const to = d.h.ptr + dst.offset * size;
    try {
      if (scalar && size === 4) {
        const value = new Int32Array(
          (src.dataId as WasmData).data.buffer,
          (src.dataId as WasmData).data.byteOffset + src.offset * 4,
          1,
        )[0]!;
        fnsFor(b, 4).fill!(to, value, n);
      } else if (isContiguous(src.shape, src.strides)) b.rt.mem.copy(to, b.ptr(src.dataId as WasmData, src.offset), n * size);
      else fallback(inputs, attrs, backend);
    } finally {
      b.endKernel();
    }
  };
}
