import type { Backend, KernelSignatures, ReduceAttrs, TensorInfo } from '@torchlet/tensor/backend';
import { reducedShape } from '@torchlet/tensor/backend';
import { arr, done, output } from '../cpu-backend.js';
import { stridedOffsets } from '../strided.js';

/** Split a view into kept and reduced dims: offsets of each output element and of each reduced element. */
function plan(x: TensorInfo, dims: readonly number[]) {
  const keptShape: number[] = [];
  const keptStrides: number[] = [];
  const redShape: number[] = [];
  const redStrides: number[] = [];
  x.shape.forEach((s, d) => {
    if (dims.includes(d)) {
      redShape.push(s);
      redStrides.push(x.strides[d]!);
    } else {
      keptShape.push(s);
      keptStrides.push(x.strides[d]!);
    }
  });
  return {
    outer: stridedOffsets(keptShape, keptStrides, x.offset),
    inner: stridedOffsets(redShape, redStrides, 0),
  };
}

type Combine = (acc: number, v: number) => number;
const COMBINE: Record<'sum' | 'prod' | 'max' | 'min', { init: number; f: Combine }> = {
  sum: { init: 0, f: (a, v) => a + v },
  prod: { init: 1, f: (a, v) => a * v },
  max: { init: -Infinity, f: (a, v) => (v > a || Number.isNaN(v) ? v : a) },
  min: { init: Infinity, f: (a, v) => (v < a || Number.isNaN(v) ? v : a) },
};

export function reduceKernel(op: 'sum' | 'prod' | 'max' | 'min') {
  const { init, f } = COMBINE[op];
  const nanSticky = op === 'max' || op === 'min';
  return ([x]: [TensorInfo], attrs: ReduceAttrs, backend: Backend): KernelSignatures['sum']['output'] => {
    const shape = reducedShape(x.shape, attrs.dims, attrs.keepdim);
    const a = arr(x.dataId);
    const { outer, inner } = plan(x, attrs.dims);
    const o = output(backend, attrs.outDType, outer.length);
    const out = o.data;
    const m = inner.length;
    for (let i = 0; i < outer.length; i++) {
      const base = outer[i]!;
      let acc = init;
      if (nanSticky) {
        for (let j = 0; j < m; j++) {
          acc = f(acc, a[base + inner[j]!]!);
          if (Number.isNaN(acc)) break;
        }
      } else for (let j = 0; j < m; j++) acc = f(acc, a[base + inner[j]!]!);
      out[i] = acc;
    }
    return done(backend, o, shape, attrs.outDType);
  };
}

export function argReduceKernel(op: 'argmax' | 'argmin') {
  const better = op === 'argmax' ? (v: number, b: number) => v > b : (v: number, b: number) => v < b;
  return ([x]: [TensorInfo], attrs: { dim: number | null; keepdim: boolean }, backend: Backend): KernelSignatures['argmax']['output'] => {
    const dims = attrs.dim === null ? x.shape.map((_, d) => d) : [attrs.dim];
    const shape = attrs.dim === null ? (attrs.keepdim ? x.shape.map(() => 1) : []) : reducedShape(x.shape, dims, attrs.keepdim);
    const a = arr(x.dataId);
    const { outer, inner } = plan(x, dims);
    const o = output(backend, 'int32', outer.length);
    const out = o.data;
    for (let i = 0; i < outer.length; i++) {
      const base = outer[i]!;
      let best = a[base + inner[0]!]!;
      let bi = 0;
      if (!Number.isNaN(best)) {
        for (let j = 1; j < inner.length; j++) {
          const v = a[base + inner[j]!]!;
          if (Number.isNaN(v)) {
            bi = j;
            break;
          }
          if (better(v, best)) {
            best = v;
            bi = j;
          }
        }
      }
      out[i] = bi;
    }
    return done(backend, o, shape, 'int32');
  };
}
