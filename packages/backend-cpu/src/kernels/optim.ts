import type { AdamAttrs, Backend, SgdAttrs, TensorInfo } from '@torchlet/tensor';
import { numelOf } from '@torchlet/tensor';
import { arr } from '../cpu-backend.js';
import { infoOffsets } from '../strided.js';

/**
 * Fused optimizer updates in place. They repeat the exact float operations of the optimizers'
 * composite steps (each result rounded to the parameter's dtype, scalar operands rounded too, as
 * tensor ops would), so fused and composite trajectories are identical.
 */
function rounder(dtype: string): (x: number) => number {
  return dtype === 'float32' ? Math.fround : (x) => x;
}

/** Element i of a tensor is at at(i): its offsets when strided, offset + i when contiguous. */
function indexer(t: TensorInfo): (i: number) => number {
  const offs = infoOffsets(t);
  const base = t.offset;
  return offs ? (i) => offs[i]! : (i) => base + i;
}

export function sgdStepKernel([p, g, b]: [TensorInfo, TensorInfo, TensorInfo], h: SgdAttrs, _backend: Backend): void {
  const r = rounder(p.dtype);
  const [P, G, B] = [arr(p.dataId), arr(g.dataId), arr(b.dataId)];
  if (p.dtype === 'float32' && [p, g, b].every((t) => !infoOffsets(t))) {
    sgdDense(P as Float32Array, p.offset, G as Float32Array, g.offset, B as Float32Array, b.offset, numelOf(p.shape), h);
    return;
  }
  const [ip, ig, ib] = [indexer(p), indexer(g), indexer(b)];
  const [wd, m, damp, lr] = [r(h.weightDecay), r(h.momentum), r(1 - h.dampening), r(h.lr)];
  const n = numelOf(p.shape);
  for (let i = 0; i < n; i++) {
    const pi = ip(i);
    const pv = P[pi]!;
    let d = h.maximize ? -G[ig(i)]! : G[ig(i)]!;
    if (h.weightDecay !== 0) d = r(d + r(pv * wd));
    if (h.momentum !== 0) {
      const bi = ib(i);
      const buf = h.firstStep ? d : r(r(B[bi]! * m) + (h.dampening === 0 ? d : r(d * damp)));
      B[bi] = buf;
      d = h.nesterov ? r(d + r(buf * m)) : buf;
    }
    P[pi] = r(pv - r(d * lr));
  }
}

export function adamStepKernel(inputs: TensorInfo[], h: AdamAttrs, _backend: Backend): void {
  const [p, g, m, v, vmax] = inputs as [TensorInfo, TensorInfo, TensorInfo, TensorInfo, TensorInfo?];
  const r = rounder(p.dtype);
  const [P, G, M, V] = [arr(p.dataId), arr(g.dataId), arr(m.dataId), arr(v.dataId)];
  const X = vmax ? arr(vmax.dataId) : null;
  const [ip, ig, im, iv] = [indexer(p), indexer(g), indexer(m), indexer(v)];
  const ix = vmax ? indexer(vmax) : null;
  const stepSize = h.lr / (1 - h.beta1 ** h.step);
  const bias2Sqrt = Math.sqrt(1 - h.beta2 ** h.step);
  const [b1, c1, b2, c2, wd, eps, decay, nStep, bs] = [
    r(h.beta1),
    r(1 - h.beta1),
    r(h.beta2),
    r(1 - h.beta2),
    r(h.weightDecay),
    r(h.eps),
    r(1 - h.lr * h.decoupledDecay),
    r(-stepSize),
    r(bias2Sqrt),
  ];
  const n = numelOf(p.shape);
  for (let i = 0; i < n; i++) {
    const pi = ip(i);
    let pv = P[pi]!;
    if (h.decoupledDecay !== 0) pv = r(pv * decay);
    let gv = h.maximize ? -G[ig(i)]! : G[ig(i)]!;
    if (h.weightDecay !== 0) gv = r(gv + r(pv * wd));
    const mi = im(i);
    const vi = iv(i);
    const mv = r(r(M[mi]! * b1) + r(gv * c1));
    const vv = r(r(V[vi]! * b2) + r(r(gv * c2) * gv));
    M[mi] = mv;
    V[vi] = vv;
    let second = vv;
    if (X && ix) {
      const xi = ix(i);
      const prev = X[xi]!;
      second = Number.isNaN(prev) || Number.isNaN(vv) ? NaN : Math.max(prev, vv);
      X[xi] = second;
    }
    const denom = r(r(r(Math.sqrt(second)) / bs) + eps);
    P[pi] = r(pv + r(r(mv * nStep) / denom));
  }
}

/** The float32 SGD update on contiguous arrays, without per-element indirection. */
function sgdDense(P: Float32Array, po: number, G: Float32Array, go: number, B: Float32Array, bo: number, n: number, h: SgdAttrs): void {
  const r = Math.fround;
  const [wd, m, damp, lr] = [r(h.weightDecay), r(h.momentum), r(1 - h.dampening), r(h.lr)];
  const sign = h.maximize ? -1 : 1;
  for (let i = 0; i < n; i++) {
    const pv = P[po + i]!;
    let d = sign * G[go + i]!;
    if (h.weightDecay !== 0) d = r(d + r(pv * wd));
    if (h.momentum !== 0) {
      const buf = h.firstStep ? d : r(r(B[bo + i]! * m) + (h.dampening === 0 ? d : r(d * damp)));
      B[bo + i] = buf;
      d = h.nesterov ? r(d + r(buf * m)) : buf;
    }
    P[po + i] = r(pv - r(d * lr));
  }
}
