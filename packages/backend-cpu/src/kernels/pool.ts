import type { Backend, KernelSignatures, Pool2dAttrs, TensorInfo } from '@torchlet/tensor';
import { numelOf, pool2dOutputSize } from '@torchlet/tensor';
import { arr, done, output } from '../cpu-backend.js';
import { gatherStrided } from '../strided.js';

/** Flat index (ih * W + iw) of the max of each pooling window; NaN wins, first max on ties. */
export function maxPool2dIndicesKernel(
  [x]: [TensorInfo],
  a: Pool2dAttrs,
  backend: Backend,
): KernelSignatures['maxPool2dIndices']['output'] {
  const [N, C, H, W] = x.shape as [number, number, number, number];
  const [OH, OW] = pool2dOutputSize([H, W], a);
  const X = gatherStrided(arr(x.dataId), x, new Float64Array(numelOf(x.shape)));
  const res = output(backend, 'int32', N * C * OH * OW);
  const out = res.data;
  const [kh, kw] = a.kernelSize;
  const [sh, sw] = a.stride;
  const [ph, pw] = a.padding;
  const [dh, dw] = a.dilation;
  let o = 0;
  for (let p = 0; p < N * C; p++) {
    const plane = p * H * W;
    for (let oh = 0; oh < OH; oh++)
      for (let ow = 0; ow < OW; ow++) {
        let best = -Infinity;
        let bi = -1;
        for (let ki = 0; ki < kh; ki++) {
          const ih = oh * sh - ph + ki * dh;
          if (ih < 0 || ih >= H) continue;
          for (let kj = 0; kj < kw; kj++) {
            const iw = ow * sw - pw + kj * dw;
            if (iw < 0 || iw >= W) continue;
            const v = X[plane + ih * W + iw]!;
            if (bi < 0 || v > best || Number.isNaN(v)) {
              best = v;
              bi = ih * W + iw;
              if (Number.isNaN(v)) break;
            }
          }
          if (Number.isNaN(best)) break;
        }
        out[o++] = Math.max(bi, 0);
      }
  }
  return done(backend, res, [N, C, OH, OW], 'int32');
}
