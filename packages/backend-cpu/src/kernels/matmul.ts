import type { Backend, DType, KernelSignatures, TensorInfo } from '@torchlet/tensor/backend';
import { arr, done, output } from '../cpu-backend.js';
import { stridedOffsets } from '../strided.js';

/** [...batch, M, K] x [...batch, K, N] with any strides (stride 0 on broadcast batch dims). */
export function matmulKernel(
  [x, y]: [TensorInfo, TensorInfo],
  attrs: { outDType: DType },
  backend: Backend,
): KernelSignatures['matmul']['output'] {
  const nd = x.shape.length;
  const batch = x.shape.slice(0, nd - 2);
  const M = x.shape[nd - 2]!;
  const K = x.shape[nd - 1]!;
  const N = y.shape[nd - 1]!;
  const [as0, as1] = [x.strides[nd - 2]!, x.strides[nd - 1]!];
  const [bs0, bs1] = [y.strides[nd - 2]!, y.strides[nd - 1]!];
  const aOffs = stridedOffsets(batch, x.strides.slice(0, nd - 2), x.offset);
  const bOffs = stridedOffsets(batch, y.strides.slice(0, nd - 2), y.offset);
  const a = arr(x.dataId);
  const b = arr(y.dataId);
  const o = output(backend, attrs.outDType, aOffs.length * M * N);
  const out = o.data;
  const row = new Float64Array(N);
  // rows of B are read in the inner loop: pack them only when they are not contiguous already
  const packB = bs1 !== 1;
  const packed = packB ? new Float64Array(K * N) : null;
  for (let bi = 0; bi < aOffs.length; bi++) {
    const ao = aOffs[bi]!;
    const bo = bOffs[bi]!;
    if (packed) for (let k = 0; k < K; k++) for (let j = 0; j < N; j++) packed[k * N + j] = b[bo + k * bs0 + j * bs1]!;
    const src = packed ?? b;
    const base = packed ? 0 : bo;
    const rs = packed ? N : bs0;
    for (let i = 0; i < M; i++) {
      const ai = ao + i * as0;
      const oi = (bi * M + i) * N;
      if (K < 16) {
        // short dot products: accumulate straight into the (zeroed) output row
        for (let k = 0; k < K; k++) {
          const av = a[ai + k * as1]!;
          const pk = base + k * rs;
          for (let j = 0; j < N; j++) out[oi + j]! += av * src[pk + j]!;
        }
        continue;
      }
      row.fill(0);
      for (let k = 0; k < K; k++) {
        const av = a[ai + k * as1]!;
        const pk = base + k * rs;
        for (let j = 0; j < N; j++) row[j]! += av * src[pk + j]!;
      }
      out.set(row, oi);
    }
  }
  return done(backend, o, [...batch, M, N], attrs.outDType);
}
