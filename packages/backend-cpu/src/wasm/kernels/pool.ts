import type { Backend, KernelResult, Pool2dAttrs, TensorInfo } from '@torchlet/tensor';
import { pool2dOutputSize } from '@torchlet/tensor';
import { emitMaxPoolIndices, poolKey, type PoolGeometry } from '../gen/pool.js';
import type { WasmCpuBackend } from '../wasm-backend.js';
import { densePtr } from './dense.js';

type Fallback = (inputs: [TensorInfo], attrs: Pool2dAttrs, backend: Backend) => KernelResult;

/** Flat index of each window's max (first on ties, NaN wins), in a kernel specialised to the geometry. */
export function wasmMaxPool2dIndicesKernel(fallback: Fallback) {
  return (inputs: [TensorInfo], a: Pool2dAttrs, backend: Backend): KernelResult => {
    const [x] = inputs;
    if (x.dtype !== 'float32') return fallback(inputs, a, backend);
    const b = backend as WasmCpuBackend;
    const [N, C, H, W] = x.shape as [number, number, number, number];
    const [OH, OW] = pool2dOutputSize([H, W], a);
    const g: PoolGeometry = {
      H,
      W,
      kh: a.kernelSize[0],
      kw: a.kernelSize[1],
      sh: a.stride[0],
      sw: a.stride[1],
      ph: a.padding[0],
      pw: a.padding[1],
      dh: a.dilation[0],
      dw: a.dilation[1],
      OH,
      OW,
    };
    const out = b.allocUninit(N * C * OH * OW, 'int32');
    try {
      const fn = b.rt.module<{ maxPoolIndices: (x: number, planes: number, out: number) => void }>(`maxpool:${poolKey(g)}`, (m) =>
        emitMaxPoolIndices(m, g),
      );
      fn.maxPoolIndices(densePtr(b, x), N * C, out.h.ptr);
    } finally {
      b.endKernel();
    }
    return { dataId: out, shape: [N, C, OH, OW], dtype: 'int32' };
  };
}
