import type { Backend, DType, KernelSignatures, TensorInfo } from '@torchlet/tensor';
import { contiguousStrides, numelOf } from '@torchlet/tensor';
import { arr, done, output } from '../cpu-backend.js';
import { stridedOffsets } from '../strided.js';

type Out = KernelSignatures['softmax']['output'];

/**
 * Walk every line along `dim` of a shape: `fn(line, offsets...)` gets, for each operand, the
 * offset of the line's first element; the line's element j is at offset + j * stride[dim].
 */
function lines(
  shape: readonly number[],
  dim: number,
  views: readonly { strides: readonly number[]; offset: number }[],
  fn: (line: number, starts: number[]) => void,
): void {
  const outer = shape.map((s, d) => (d === dim ? 1 : s));
  const starts = views.map((v) => stridedOffsets(outer, v.strides, v.offset));
  for (let l = 0; l < starts[0]!.length; l++)
    fn(
      l,
      starts.map((s) => s[l]!),
    );
}

/** Offset of line `l`'s first element in a contiguous output along dim. */
function outStart(shape: readonly number[], dim: number, l: number): number {
  const inner = shape.slice(dim + 1).reduce((p, s) => p * s, 1);
  return Math.floor(l / inner) * inner * shape[dim]! + (l % inner);
}

function softmaxLike(log: boolean) {
  return ([x]: [TensorInfo], { dim }: { dim: number }, backend: Backend): Out => {
    const n = numelOf(x.shape);
    const o = output(backend, x.dtype, n);
    const out = o.data;
    const a = arr(x.dataId);
    const len = x.shape[dim]!;
    const sx = x.strides[dim]!;
    const so = contiguousStrides(x.shape)[dim]!;
    lines(x.shape, dim, [x], (l, [p]) => {
      const o = outStart(x.shape, dim, l);
      let m = -Infinity;
      for (let j = 0; j < len; j++) {
        const v = a[p! + j * sx]!;
        if (v > m || Number.isNaN(v)) m = v;
        if (Number.isNaN(m)) break;
      }
      let s = 0;
      for (let j = 0; j < len; j++) s += Math.exp(a[p! + j * sx]! - m);
      const ls = Math.log(s);
      for (let j = 0; j < len; j++) {
        const v = a[p! + j * sx]! - m;
        out[o + j * so] = log ? v - ls : Math.exp(v) / s;
      }
    });
    return done(backend, o, x.shape, x.dtype);
  };
}

/** log_softmax along dim: x - max - log(sum(exp(x - max))), in float64 */
export const logSoftmaxKernel = softmaxLike(true);
/** softmax along dim: exp(x - max) / sum(exp(x - max)), in float64 */
export const softmaxKernel = softmaxLike(false);

function backwardLike(log: boolean) {
  return ([g, y]: [TensorInfo, TensorInfo], { dim }: { dim: number }, backend: Backend): Out => {
    const dtype: DType = g.dtype;
    const o = output(backend, dtype, numelOf(g.shape));
    const out = o.data;
    const ga = arr(g.dataId);
    const ya = arr(y.dataId);
    const len = g.shape[dim]!;
    const [sg, sy] = [g.strides[dim]!, y.strides[dim]!];
    const so = contiguousStrides(g.shape)[dim]!;
    lines(g.shape, dim, [g, y], (l, [pg, py]) => {
      const o = outStart(g.shape, dim, l);
      let s = 0;
      for (let j = 0; j < len; j++) s += log ? ga[pg! + j * sg]! : ga[pg! + j * sg]! * ya[py! + j * sy]!;
      for (let j = 0; j < len; j++) {
        const gv = ga[pg! + j * sg]!;
        const yv = ya[py! + j * sy]!;
        out[o + j * so] = log ? gv - Math.exp(yv) * s : yv * (gv - s);
      }
    });
    return done(backend, o, g.shape, dtype);
  };
}

/** g - exp(y) * sum(g) along dim */
export const logSoftmaxBackwardKernel = backwardLike(true);
/** y * (g - sum(g * y)) along dim */
export const softmaxBackwardKernel = backwardLike(false);
