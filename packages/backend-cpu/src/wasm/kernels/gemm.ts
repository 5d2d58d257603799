import type { Backend, DType, KernelResult, TensorInfo } from '@torchlet/tensor';
import { numelOf } from '@torchlet/tensor';
import { stridedOffsets } from '../../strided.js';
import { emitGemm, GEMM_TILE, gemmScratch } from '../gen/gemm.js';
import type { WasmCpuBackend } from '../wasm-backend.js';

type GemmFn = (...args: number[]) => void;

/** A strided float32 matrix in WebAssembly memory: address and row/column strides in bytes. */
export interface MatrixRef {
  ptr: number;
  row: number;
  col: number;
}

/** The compiled gemm and scratch for problems up to M x N x K, for one kernel call. */
export interface GemmWorkspace {
  fn: GemmFn;
  bufA: number;
  bufB: number;
  tile: number;
}

export function gemmWorkspace(b: WasmCpuBackend, M: number, N: number, K: number): GemmWorkspace {
  const fn = b.rt.module<{ gemm: GemmFn }>(`gemm:${GEMM_TILE.mr}x${GEMM_TILE.nr}:${b.rt.fma}`, (m) => emitGemm(m, GEMM_TILE, b.rt.fma)).gemm;
  const s = gemmScratch(GEMM_TILE, M, N, K);
  return { fn, bufA: b.scratch(s.a), bufB: b.scratch(s.b), tile: b.scratch(s.tile) };
}

/**
 * C[M, N] = A B (or C += A B with `accumulate`), any strides for A and B, C row-major with row
 * stride `ldc` bytes; `ws` from gemmWorkspace for at least this size.
 */
export function gemm(b: WasmCpuBackend, ws: GemmWorkspace, M: number, N: number, K: number, A: MatrixRef, B: MatrixRef, C: number, ldc: number, accumulate: boolean): void {
  if (M === 0 || N === 0) return;
  if (K === 0) {
    if (!accumulate) for (let i = 0; i < M; i++) new Float32Array(b.heap.buffer as ArrayBuffer, C + i * ldc, N).fill(0);
    return;
  }
  ws.fn(M, N, K, A.ptr, A.row, A.col, B.ptr, B.row, B.col, C, ldc, accumulate ? 1 : 0, ws.bufA, ws.bufB, ws.tile, 0, N);
}

type Fallback = (inputs: [TensorInfo, TensorInfo], attrs: { outDType: DType }, backend: Backend) => KernelResult;

/** [...batch, M, K] x [...batch, K, N] in float32 on the WebAssembly gemm. */
export function wasmMatmulKernel(fallback: Fallback) {
  return (inputs: [TensorInfo, TensorInfo], attrs: { outDType: DType }, backend: Backend): KernelResult => {
    const [x, y] = inputs;
    if (x.dtype !== 'float32' || y.dtype !== 'float32' || attrs.outDType !== 'float32') return fallback(inputs, attrs, backend);
    const b = backend as WasmCpuBackend;
    const nd = x.shape.length;
    const batch = x.shape.slice(0, nd - 2);
    const M = x.shape[nd - 2]!;
    const K = x.shape[nd - 1]!;
    const N = y.shape[nd - 1]!;
    const nb = numelOf(batch);
    const out = b.allocUninit(nb * M * N, 'float32');
    try {
      const aOffs = stridedOffsets(batch, x.strides.slice(0, nd - 2), x.offset);
      const bOffs = stridedOffsets(batch, y.strides.slice(0, nd - 2), y.offset);
      const pa = b.ptr(x.dataId, 0);
      const pb = b.ptr(y.dataId, 0);
      const ws = gemmWorkspace(b, M, N, K);
      for (let i = 0; i < nb; i++) {
        gemm(
          b,
          ws,
          M,
          N,
          K,
          { ptr: pa + aOffs[i]! * 4, row: x.strides[nd - 2]! * 4, col: x.strides[nd - 1]! * 4 },
          { ptr: pb + bOffs[i]! * 4, row: y.strides[nd - 2]! * 4, col: y.strides[nd - 1]! * 4 },
          out.h.ptr + i * M * N * 4,
          N * 4,
          false,
        );
      }
    } finally {
      b.endKernel();
    }
    return { dataId: out, shape: [...batch, M, N], dtype: 'float32' };
  };
}
