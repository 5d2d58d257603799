import type { Backend, KernelSignatures, NllAttrs, TensorInfo } from '@torchlet/tensor/backend';
import { IndexError } from '@torchlet/tensor/backend';
import { arr, done, output } from '../cpu-backend.js';

type Out = KernelSignatures['nllLoss']['output'];

/** The class of each sample, checked against [0, C) unless it is ignoreIndex. */
function targets(t: TensorInfo, C: number, ignoreIndex: number): Int32Array {
  const a = arr(t.dataId);
  const n = t.shape[0]!;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = a[t.offset + i * (t.strides[0] ?? 1)]!;
    if (v !== ignoreIndex && (v < 0 || v >= C))
      throw new IndexError(`index ${v} is out of bounds for dimension 1 with size ${C}`, 'nllLoss');
    out[i] = v;
  }
  return out;
}

/** -input[i, target[i]], averaged over the samples that are not ignored (or summed, or per sample). */
export function nllLossKernel([x, t]: [TensorInfo, TensorInfo], attrs: NllAttrs, backend: Backend): Out {
  const [N, C] = x.shape as [number, number];
  const tg = targets(t, C, attrs.ignoreIndex);
  const a = arr(x.dataId);
  const [s0, s1] = x.strides as [number, number];
  const o = output(backend, x.dtype, attrs.reduction === 'none' ? N : 1);
  const per = attrs.reduction === 'none' ? o.data : null;
  let sum = 0;
  let count = 0;
  for (let i = 0; i < N; i++) {
    if (tg[i] === attrs.ignoreIndex) continue;
    const v = -a[x.offset + i * s0 + tg[i]! * s1]!;
    if (per) per[i] = v;
    sum += v;
    count++;
  }
  if (per) return done(backend, o, [N], x.dtype);
  const out = o.data;
  out[0] = attrs.reduction === 'sum' ? sum : sum / count;
  return done(backend, o, [], x.dtype);
}

/** d loss / d input: -g (divided by the count for 'mean', per sample for 'none') at each target. */
export function nllLossBackwardKernel(
  [g, t]: [TensorInfo, TensorInfo],
  attrs: KernelSignatures['nllLossBackward']['attrs'],
  backend: Backend,
): Out {
  const [N, C] = attrs.inputShape as [number, number];
  const tg = targets(t, C, attrs.ignoreIndex);
  const ga = arr(g.dataId);
  const o = output(backend, g.dtype, N * C);
  const out = o.data;
  let count = 0;
  for (let i = 0; i < N; i++) if (tg[i] !== attrs.ignoreIndex) count++;
  for (let i = 0; i < N; i++) {
    if (tg[i] === attrs.ignoreIndex) continue;
    const gv = attrs.reduction === 'none' ? ga[g.offset + i * (g.strides[0] ?? 1)]! : ga[g.offset]!;
    out[i * C + tg[i]!] = attrs.reduction === 'mean' ? -gv / count : -gv;
  }
  return done(backend, o, attrs.inputShape, g.dtype);
}
