import type { Backend, DType, KernelSignatures, TensorInfo } from '@torchlet/tensor/backend';
import { numelOf } from '@torchlet/tensor';
import type { WebGPUBackend } from '../backend.js';
import { computeType } from '../dtypes.js';
import { gpuData } from '../program.js';
import { coalesce } from '../strided.js';
import { matmulCode } from '../wgsl/matmul.js';
import { runGemm } from './gemm.js';

/** [...batch, M, K] x [...batch, K, N] with any strides (stride 0 on broadcast batch dims). */
export function matmulKernel(
  [x, y]: [TensorInfo, TensorInfo],
  attrs: { outDType: DType },
  backend: Backend,
): KernelSignatures['matmul']['output'] {
  const b = backend as WebGPUBackend;
  const nd = x.shape.length;
  const batchShape = x.shape.slice(0, nd - 2);
  const M = x.shape[nd - 2]!;
  const K = x.shape[nd - 1]!;
  const N = y.shape[nd - 1]!;
  const batches = numelOf(batchShape);
  const out = b.output(batches * M * N, attrs.outDType, 'matmul');
  const batch = coalesce(batchShape, [x.strides.slice(0, nd - 2), y.strides.slice(0, nd - 2)]);
  const code = matmulCode({
    aDType: x.dtype,
    bDType: y.dtype,
    outDType: attrs.outDType,
    ct: computeType(attrs.outDType),
    batchRank: batch.shape.length,
  });
  const params = [
    K,
    x.offset,
    x.strides[nd - 2]!,
    x.strides[nd - 1]!,
    y.offset,
    y.strides[nd - 2]!,
    y.strides[nd - 1]!,
    ...batch.shape,
    ...batch.strides[0]!,
    ...batch.strides[1]!,
  ];
  runGemm(b, 'matmul', code, M, N, batches, params, [gpuData(x.dataId), gpuData(y.dataId), out]);
  return b.result(out, [...batchShape, M, N]);
}
