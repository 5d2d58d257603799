import type { TensorInfo } from '@torchlet/tensor';
import { isContiguous, numelOf, typedArrayCtor } from '@torchlet/tensor';
import { gatherStrided } from '../../strided.js';
import type { WasmCpuBackend, WasmData } from '../wasm-backend.js';

/**
 * Byte address of a kernel input laid out densely in row-major order: the view itself when it
 * is contiguous, else a copy in the running kernel's scratch memory.
 */
export function densePtr(b: WasmCpuBackend, x: TensorInfo): number {
  if (isContiguous(x.shape, x.strides)) return b.ptr(x.dataId, x.offset);
  const n = numelOf(x.shape);
  const p = b.scratch(n * 4);
  const Ctor = typedArrayCtor(x.dtype);
  gatherStrided((x.dataId as WasmData).data, x, new Ctor(b.heap.buffer as ArrayBuffer, p, n) as Float32Array);
  return p;
}
