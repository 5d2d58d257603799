import type { Backend, Conv2dAttrs, KernelSignatures, TensorInfo } from '@torchlet/tensor';
import { allocTyped, conv2dOutputSize, numelOf } from '@torchlet/tensor';
import { arr, result } from '../cpu-backend.js';
import { gatherStrided } from '../strided.js';

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
}

function geometry(inShape: readonly number[], wShape: readonly number[], a: Conv2dAttrs): Geometry {
  const [N, C, H, W] = inShape as [number, number, number, number];
  const [O, Cg, kh, kw] = wShape as [number, number, number, number];
  const [OH, OW] = conv2dOutputSize([H, W], [kh, kw], a);
  return { N, C, H, W, O, Cg, Og: O / a.groups, kh, kw, OH, OW };
}

/**
 * Visit every (output position, kernel tap) pair once: `fn(xBase, yBase, wIndex, owLo, owHi, iwStart)`
 * covers one output row segment whose input positions are all inside the image.
 */
function forEachTap(
  g: Geometry,
  a: Conv2dAttrs,
  fn: (xRow: number, yRow: number, wi: number, owLo: number, owHi: number, iw0: number) => void,
): void {
  const [sh, sw] = a.stride;
  const [ph, pw] = a.padding;
  const [dh, dw] = a.dilation;
  for (let n = 0; n < g.N; n++)
    for (let oc = 0; oc < g.O; oc++) {
      const grp = Math.floor(oc / g.Og);
      for (let ic = 0; ic < g.Cg; ic++) {
        const xc = grp * g.Cg + ic;
        for (let ki = 0; ki < g.kh; ki++)
          for (let kj = 0; kj < g.kw; kj++) {
            const wi = ((oc * g.Cg + ic) * g.kh + ki) * g.kw + kj;
            const off = kj * dw - pw;
            const owLo = Math.max(0, Math.ceil(-off / sw));
            const owHi = Math.min(g.OW - 1, Math.floor((g.W - 1 - off) / sw));
            if (owLo > owHi) continue;
            for (let oh = 0; oh < g.OH; oh++) {
              const ih = oh * sh - ph + ki * dh;
              if (ih < 0 || ih >= g.H) continue;
              fn(((n * g.C + xc) * g.H + ih) * g.W, ((n * g.O + oc) * g.OH + oh) * g.OW, wi, owLo, owHi, owLo * sw + off);
            }
          }
      }
    }
}

export function conv2dKernel([x, w]: [TensorInfo, TensorInfo], attrs: Conv2dAttrs, backend: Backend): KernelSignatures['conv2d']['output'] {
  const g = geometry(x.shape, w.shape, attrs);
  const X = dense(x);
  const Wt = dense(w);
  const Y = new Float64Array(g.N * g.O * g.OH * g.OW);
  const sw = attrs.stride[1];
  forEachTap(g, attrs, (xRow, yRow, wi, lo, hi, iw0) => {
    const wv = Wt[wi]!;
    if (wv === 0) return;
    for (let ow = lo, iw = xRow + iw0; ow <= hi; ow++, iw += sw) Y[yRow + ow] += wv * X[iw]!;
  });
  const out = allocTyped(x.dtype, Y.length);
  out.set(Y);
  return result(backend, out, [g.N, g.O, g.OH, g.OW], x.dtype);
}

export function conv2dBackpropInputKernel(
  [gy, w]: [TensorInfo, TensorInfo],
  attrs: KernelSignatures['conv2dBackpropInput']['attrs'],
  backend: Backend,
): KernelSignatures['conv2dBackpropInput']['output'] {
  const g = geometry(attrs.inputShape, w.shape, attrs);
  const GY = dense(gy);
  const Wt = dense(w);
  const GX = new Float64Array(numelOf(attrs.inputShape));
  const sw = attrs.stride[1];
  forEachTap(g, attrs, (xRow, yRow, wi, lo, hi, iw0) => {
    const wv = Wt[wi]!;
    if (wv === 0) return;
    for (let ow = lo, iw = xRow + iw0; ow <= hi; ow++, iw += sw) GX[iw] += wv * GY[yRow + ow]!;
  });
  const out = allocTyped(gy.dtype, GX.length);
  out.set(GX);
  return result(backend, out, attrs.inputShape, gy.dtype);
}

export function conv2dBackpropFilterKernel(
  [x, gy]: [TensorInfo, TensorInfo],
  attrs: KernelSignatures['conv2dBackpropFilter']['attrs'],
  backend: Backend,
): KernelSignatures['conv2dBackpropFilter']['output'] {
  const g = geometry(x.shape, attrs.weightShape, attrs);
  const X = dense(x);
  const GY = dense(gy);
  const GW = new Float64Array(numelOf(attrs.weightShape));
  const sw = attrs.stride[1];
  forEachTap(g, attrs, (xRow, yRow, wi, lo, hi, iw0) => {
    let acc = 0;
    for (let ow = lo, iw = xRow + iw0; ow <= hi; ow++, iw += sw) acc += GY[yRow + ow]! * X[iw]!;
    GW[wi] += acc;
  });
  const out = allocTyped(x.dtype, GW.length);
  out.set(GW);
  return result(backend, out, attrs.weightShape, x.dtype);
}
