import type { Backend, Conv2dAttrs, KernelSignatures, TensorInfo } from '@torchlet/tensor';
import { conv2dOutputSize, numelOf } from '@torchlet/tensor';
import { arr, done, output } from '../cpu-backend.js';
import { gatherStrided } from '../strided.js';
import { gemm, gemmNT, gemmTN } from './gemm.js';

const dense = (t: TensorInfo) => gatherStrided(arr(t.dataId), t, new Float64Array(numelOf(t.shape)));

interface Geometry {
  N: number;
  C: number;
  H: number;
  W: number;
  O: number;
  Cg: number;
  Og: number;
  kh: number;
  kw: number;
  OH: number;
  OW: number;
  /** rows of a column matrix: Cg * kh * kw */
  K: number;
  /** output positions: OH * OW */
  P: number;
}

function geometry(inShape: readonly number[], wShape: readonly number[], a: Conv2dAttrs): Geometry {
  const [N, C, H, W] = inShape as [number, number, number, number];
  const [O, Cg, kh, kw] = wShape as [number, number, number, number];
  const [OH, OW] = conv2dOutputSize([H, W], [kh, kw], a);
  return { N, C, H, W, O, Cg, Og: O / a.groups, kh, kw, OH, OW, K: Cg * kh * kw, P: OH * OW };
}

/**
 * Unfold the input patches of one image and group into columns [K, P] (im2col), or fold
 * columns back into an image, adding overlaps (col2im), when `fold` is set.
 */
function im2col(g: Geometry, a: Conv2dAttrs, img: Float64Array, imgOff: number, cols: Float64Array, fold: boolean): void {
  const [sh, sw] = a.stride;
  const [ph, pw] = a.padding;
  const [dh, dw] = a.dilation;
  let row = 0;
  for (let c = 0; c < g.Cg; c++) {
    const plane = imgOff + c * g.H * g.W;
    for (let ki = 0; ki < g.kh; ki++)
      for (let kj = 0; kj < g.kw; kj++, row++) {
        const base = row * g.P;
        const off = kj * dw - pw;
        const owLo = Math.max(0, Math.ceil(-off / sw));
        const owHi = Math.min(g.OW - 1, Math.floor((g.W - 1 - off) / sw));
        for (let oh = 0; oh < g.OH; oh++) {
          const ih = oh * sh - ph + ki * dh;
          const r = base + oh * g.OW;
          if (ih < 0 || ih >= g.H || owLo > owHi) {
            if (!fold) cols.fill(0, r, r + g.OW);
            continue;
          }
          const src = plane + ih * g.W + off;
          if (fold) {
            for (let ow = owLo; ow <= owHi; ow++) img[src + ow * sw]! += cols[r + ow]!;
          } else {
            for (let ow = 0; ow < owLo; ow++) cols[r + ow] = 0;
            for (let ow = owLo; ow <= owHi; ow++) cols[r + ow] = img[src + ow * sw]!;
            for (let ow = owHi + 1; ow < g.OW; ow++) cols[r + ow] = 0;
          }
        }
      }
  }
}

function finish(backend: Backend, values: Float64Array, shape: number[], dtype: TensorInfo['dtype']) {
  const o = output(backend, dtype, values.length);
  o.data.set(values);
  return done(backend, o, shape, dtype);
}

/** y[n, g] = W[g] (Og x K) * cols(x[n, g]) (K x P) */
export function conv2dKernel([x, w]: [TensorInfo, TensorInfo], attrs: Conv2dAttrs, backend: Backend): KernelSignatures['conv2d']['output'] {
  const g = geometry(x.shape, w.shape, attrs);
  const X = dense(x);
  const Wt = dense(w);
  const Y = new Float64Array(g.N * g.O * g.P);
  const cols = new Float64Array(g.K * g.P);
  for (let n = 0; n < g.N; n++)
    for (let gr = 0; gr < attrs.groups; gr++) {
      im2col(g, attrs, X, (n * g.C + gr * g.Cg) * g.H * g.W, cols, false);
      gemm(g.Og, g.P, g.K, Wt, gr * g.Og * g.K, g.K, cols, 0, g.P, Y, (n * g.O + gr * g.Og) * g.P, g.P);
    }
  return finish(backend, Y, [g.N, g.O, g.OH, g.OW], x.dtype);
}

/** dx: cols = W[g]^T (K x Og) * dy[n, g] (Og x P), folded back into the image */
export function conv2dBackpropInputKernel(
  [gy, w]: [TensorInfo, TensorInfo],
  attrs: KernelSignatures['conv2dBackpropInput']['attrs'],
  backend: Backend,
): KernelSignatures['conv2dBackpropInput']['output'] {
  const g = geometry(attrs.inputShape, w.shape, attrs);
  const GY = dense(gy);
  const Wt = dense(w);
  const GX = new Float64Array(numelOf(attrs.inputShape));
  const cols = new Float64Array(g.K * g.P);
  for (let n = 0; n < g.N; n++)
    for (let gr = 0; gr < attrs.groups; gr++) {
      cols.fill(0);
      gemmTN(g.K, g.P, g.Og, Wt, gr * g.Og * g.K, g.K, GY, (n * g.O + gr * g.Og) * g.P, g.P, cols, 0, g.P);
      im2col(g, attrs, GX, (n * g.C + gr * g.Cg) * g.H * g.W, cols, true);
    }
  return finish(backend, GX, attrs.inputShape, gy.dtype);
}

/** dW[g] += dy[n, g] (Og x P) * cols(x[n, g])^T (P x K) */
export function conv2dBackpropFilterKernel(
  [x, gy]: [TensorInfo, TensorInfo],
  attrs: KernelSignatures['conv2dBackpropFilter']['attrs'],
  backend: Backend,
): KernelSignatures['conv2dBackpropFilter']['output'] {
  const g = geometry(x.shape, attrs.weightShape, attrs);
  const X = dense(x);
  const GY = dense(gy);
  const GW = new Float64Array(numelOf(attrs.weightShape));
  const cols = new Float64Array(g.K * g.P);
  for (let n = 0; n < g.N; n++)
    for (let gr = 0; gr < attrs.groups; gr++) {
      im2col(g, attrs, X, (n * g.C + gr * g.Cg) * g.H * g.W, cols, false);
      gemmNT(g.Og, g.K, g.P, GY, (n * g.O + gr * g.Og) * g.P, g.P, cols, 0, g.P, GW, gr * g.Og * g.K, g.K);
    }
  return finish(backend, GW, attrs.weightShape, x.dtype);
}
