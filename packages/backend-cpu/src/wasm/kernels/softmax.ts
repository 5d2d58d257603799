import type { Backend, KernelResult, TensorInfo } from '@torchlet/tensor';
import { isContiguous, numelOf } from '@torchlet/tensor';
import { emitSoftmaxRows } from '../gen/softmax.js';
import type { WasmCpuBackend } from '../wasm-backend.js';

type Fns = { forward: (...a: number[]) => void; backward: (...a: number[]) => void };
type Fallback<I extends TensorInfo[]> = (inputs: I, attrs: { dim: number }, backend: Backend) => KernelResult;

/** float32 rows: contiguous and reduced along the last dim */
const rows = (xs: readonly TensorInfo[], dim: number) =>
  xs.every((x) => x.dtype === 'float32' && dim === x.shape.length - 1 && isContiguous(x.shape, x.strides));

function fns(b: WasmCpuBackend, log: boolean): Fns {
  return b.rt.module<Fns>(`softmax:${log}:${b.rt.fma}`, (m) => emitSoftmaxRows(m, log, b.rt.fma));
}

/** logSoftmax / softmax over the last dim of a contiguous float32 tensor, one SIMD pass per row. */
export function wasmSoftmaxKernel(log: boolean, fallback: Fallback<[TensorInfo]>) {
  return (inputs: [TensorInfo], attrs: { dim: number }, backend: Backend): KernelResult => {
    const [x] = inputs;
    if (!rows(inputs, attrs.dim)) return fallback(inputs, attrs, backend);
    const b = backend as WasmCpuBackend;
    const n = x.shape[attrs.dim]!;
    const out = b.allocUninit(numelOf(x.shape), 'float32');
    try {
      fns(b, log).forward(out.h.ptr, b.ptr(x.dataId, x.offset), numelOf(x.shape) / Math.max(n, 1), n);
    } finally {
      b.endKernel();
    }
    return { dataId: out, shape: x.shape, dtype: 'float32' };
  };
}

/** The gradients of logSoftmax / softmax from their output, one SIMD pass per row. */
export function wasmSoftmaxBackwardKernel(log: boolean, fallback: Fallback<[TensorInfo, TensorInfo]>) {
  return (inputs: [TensorInfo, TensorInfo], attrs: { dim: number }, backend: Backend): KernelResult => {
    const [g, y] = inputs;
    if (!rows(inputs, attrs.dim)) return fallback(inputs, attrs, backend);
    const b = backend as WasmCpuBackend;
    const n = g.shape[attrs.dim]!;
    const out = b.allocUninit(numelOf(g.shape), 'float32');
    try {
      fns(b, log).backward(out.h.ptr, b.ptr(g.dataId, g.offset), b.ptr(y.dataId, y.offset), numelOf(g.shape) / Math.max(n, 1), n);
    } finally {
      b.endKernel();
    }
    return { dataId: out, shape: g.shape, dtype: 'float32' };
  };
}
