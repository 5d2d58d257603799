import type { Backend, KernelSignatures, Pool2dAttrs, TensorInfo } from '@torchlet/tensor';
import { pool2dOutputSize } from '@torchlet/tensor';
import type { WebGPUBackend } from '../backend.js';
import { gpuData } from '../program.js';
import { WG } from '../wgsl/common.js';
import { maxPool2dIndicesCode } from '../wgsl/pool.js';

export function maxPool2dIndicesKernel(
  [x]: [TensorInfo],
  a: Pool2dAttrs,
  backend: Backend,
): KernelSignatures['maxPool2dIndices']['output'] {
  const b = backend as WebGPUBackend;
  const [N, C, H, W] = x.shape as [number, number, number, number];
  const [OH, OW] = pool2dOutputSize([H, W], a);
  const n = N * C * OH * OW;
  const out = b.output(n, 'int32', 'maxPool2dIndices');
  if (n > 0) {
    const params = [n, C, H, W, OH, OW, ...a.kernelSize, ...a.stride, ...a.padding, ...a.dilation, x.offset, ...x.strides];
    b.run({
      op: 'maxPool2dIndices',
      code: maxPool2dIndicesCode(x.dtype),
      params,
      buffers: [gpuData(x.dataId), out],
      groups: Math.ceil(n / WG),
    });
  }
  return b.result(out, [N, C, OH, OW]);
}
