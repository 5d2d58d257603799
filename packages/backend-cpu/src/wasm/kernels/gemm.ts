import type { Backend, DType, KernelResult, TensorInfo } from '@torchlet/tensor';
import { numelOf } from '@torchlet/tensor';
import { stridedOffsets } from '../../strided.js';
import { emitGemm, GEMM_TILE, gemmScratch } from '../gen/gemm.js';
import type { WasmCpuBackend } from '../wasm-backend.js';

type GemmFn = (...args: number[]) => void;

export const gemmKey = (b: WasmCpuBackend) => `gemm:${GEMM_TILE.mr}x${GEMM_TILE.nr}:${b.rt.fma}`;

/** The gemm module (other modules import its `gemm`). */
export function gemmModule(b: WasmCpuBackend): { gemm: GemmFn; small: GemmFn } {
  return b.rt.module<{ gemm: GemmFn; small: GemmFn }>(gemmKey(b), (m) => emitGemm(m, GEMM_TILE, b.rt.fma));
}

/** A strided float32 matrix in WebAssembly memory: address and row/column strides in bytes. */
export interface MatrixRef {
  ptr: number;
  row: number;
  col: number;
}

/**
 * C[M, N] = A B, any strides for A and B, C row-major with row stride `ldc` bytes. Large
 * products split their columns over threads, each packing its own panels.
 */
export function gemm(b: WasmCpuBackend, M: number, N: number, K: number, A: MatrixRef, B: MatrixRef, C: number, ldc: number): void {
  if (M === 0 || N === 0) return;
  if (K === 0) {
    for (let i = 0; i < M; i++) b.rt.mem.fill(C + i * ldc, 0, N * 4);
    return;
  }
  const mod = gemmModule(b);
  // a row vector times a matrix, an outer product or a tiny product: no packing
  if (B.col === 4 && (M < GEMM_TILE.mr || K <= 8 || M * N * K <= 8192)) {
    mod.small(M, N, K, A.ptr, A.row, A.col, B.ptr, B.row, C, ldc);
    return;
  }
  const fn = mod.gemm;
  const threads = b.threadsFor(2 * M * N * K, Math.ceil(N / GEMM_TILE.nr));
  // column ranges in whole panels
  const per = Math.ceil(N / threads / GEMM_TILE.nr) * GEMM_TILE.nr;
  const args: number[][] = [];
  for (let n0 = 0; n0 < N; n0 += per) {
    const s = gemmScratch(GEMM_TILE, M, Math.min(per, N - n0), K);
    args.push([
      M,
      N,
      K,
      A.ptr,
      A.row,
      A.col,
      B.ptr,
      B.row,
      B.col,
      C,
      ldc,
      0,
      b.scratch(s.a),
      b.scratch(s.b),
      b.scratch(s.tile),
      n0,
      Math.min(N, n0 + per),
    ]);
  }
  b.parallel(gemmKey(b), 'gemm', args, fn);
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
      const mark = b.scratchMark();
      for (let i = 0; i < nb; i++) {
        gemm(
          b,
          M,
          N,
          K,
          { ptr: pa + aOffs[i]! * 4, row: x.strides[nd - 2]! * 4, col: x.strides[nd - 1]! * 4 },
          { ptr: pb + bOffs[i]! * 4, row: y.strides[nd - 2]! * 4, col: y.strides[nd - 1]! * 4 },
          out.h.ptr + i * M * N * 4,
          N * 4,
        );
        b.endKernel(mark);
      }
    } finally {
      b.endKernel();
    }
    return { dataId: out, shape: [...batch, M, N], dtype: 'float32' };
  };
}
