import type { AdamAttrs, Backend, SgdAttrs, TensorInfo } from '@torchlet/tensor';
import { arr } from '../cpu-backend.js';
import { stridedOffsets } from '../strided.js';

/**
 * Fused optimizer updates in place. They repeat the exact float operations of the optimizers'
 * composite steps (each result rounded to the parameter's dtype, scalar operands rounded too, as
 * tensor ops would), so fused and composite trajectories are identical.
 */
function rounder(dtype: string): (x: number) => number {
  return dtype === 'float32' ? Math.fround : (x) => x;
}

const offsets = (t: TensorInfo) => stridedOffsets(t.shape, t.strides, t.offset);

export function sgdStepKernel([p, g, b]: [TensorInfo, TensorInfo, TensorInfo], h: SgdAttrs, _backend: Backend): void {
  const r = rounder(p.dtype);
  const [P, G, B] = [arr(p.dataId), arr(g.dataId), arr(b.dataId)];
  const [op, og, ob] = [offsets(p), offsets(g), offsets(b)];
  const [wd, m, damp, lr] = [r(h.weightDecay), r(h.momentum), r(1 - h.dampening), r(h.lr)];
  for (let i = 0; i < op.length; i++) {
    const pv = P[op[i]!]!;
    let d = h.maximize ? -G[og[i]!]! : G[og[i]!]!;
    if (h.weightDecay !== 0) d = r(d + r(pv * wd));
    if (h.momentum !== 0) {
      const buf = h.firstStep ? d : r(r(B[ob[i]!]! * m) + (h.dampening === 0 ? d : r(d * damp)));
      B[ob[i]!] = buf;
      d = h.nesterov ? r(d + r(buf * m)) : buf;
    }
    P[op[i]!] = r(pv - r(d * lr));
  }
}

export function adamStepKernel(inputs: TensorInfo[], h: AdamAttrs, _backend: Backend): void {
  const [p, g, m, v, vmax] = inputs as [TensorInfo, TensorInfo, TensorInfo, TensorInfo, TensorInfo?];
  const r = rounder(p.dtype);
  const [P, G, M, V] = [arr(p.dataId), arr(g.dataId), arr(m.dataId), arr(v.dataId)];
  const X = vmax ? arr(vmax.dataId) : null;
  const [op, og, om, ov] = [offsets(p), offsets(g), offsets(m), offsets(v)];
  const ox = vmax ? offsets(vmax) : null;
  const stepSize = h.lr / (1 - h.beta1 ** h.step);
  const bias2Sqrt = Math.sqrt(1 - h.beta2 ** h.step);
  const [b1, c1, b2, c2, wd, eps, decay, nStep, bs] = [
    r(h.beta1), r(1 - h.beta1), r(h.beta2), r(1 - h.beta2), r(h.weightDecay), r(h.eps), r(1 - h.lr * h.decoupledDecay), r(-stepSize), r(bias2Sqrt),
  ];
  for (let i = 0; i < op.length; i++) {
    let pv = P[op[i]!]!;
    if (h.decoupledDecay !== 0) pv = r(pv * decay);
    let gv = h.maximize ? -G[og[i]!]! : G[og[i]!]!;
    if (h.weightDecay !== 0) gv = r(gv + r(pv * wd));
    const mv = r(r(M[om[i]!]! * b1) + r(gv * c1));
    const vv = r(r(V[ov[i]!]! * b2) + r(r(gv * c2) * gv));
    M[om[i]!] = mv;
    V[ov[i]!] = vv;
    let second = vv;
    if (X && ox) {
      const prev = X[ox[i]!]!;
      second = prev !== prev || vv !== vv ? NaN : Math.max(prev, vv);
      X[ox[i]!] = second;
    }
    const denom = r(r(r(Math.sqrt(second)) / bs) + eps);
    P[op[i]!] = r(pv + r(r(mv * nStep) / denom));
  }
}
