import type { Backend, DType, KernelSignatures, ReduceAttrs, TensorInfo } from '@torchlet/tensor/backend';
import { reducedShape } from '@torchlet/tensor/backend';
import { numelOf } from '@torchlet/tensor';
import type { WebGPUBackend } from '../backend.js';
import { computeType } from '../dtypes.js';
import { gpuData, type GpuData } from '../program.js';
import { coalesce } from '../strided.js';
import { WG } from '../wgsl/common.js';
import { argFinishCode, reduceCode, reduceParams, type ArgReduceOp, type ValueReduceOp } from '../wgsl/reduce.js';

/** Threads a split reduction aims for; each reduces at least MIN_SLICE elements. */
const TARGET_THREADS = 16384;
const MIN_SLICE = 32;

/** Kept and reduced dims of a view, each coalesced. */
function plan(x: TensorInfo, dims: readonly number[]) {
  const ks: number[] = [];
  const kt: number[] = [];
  const rs: number[] = [];
  const rt: number[] = [];
  x.shape.forEach((s, d) => {
    if (dims.includes(d)) {
      rs.push(s);
      rt.push(x.strides[d]!);
    } else {
      ks.push(s);
      kt.push(x.strides[d]!);
    }
  });
  const k = coalesce(ks, [kt]);
  const r = coalesce(rs, [rt]);
  return {
    kept: { shape: k.shape, strides: k.strides[0]! },
    red: { shape: r.shape, strides: r.strides[0]! },
    nOut: numelOf(ks),
    R: numelOf(rs),
  };
}

/** How many interleaved slices to split each output's reduction into (1: a thread per output). */
export function partsFor(nOut: number, R: number): number {
  if (R <= 2 * MIN_SLICE || nOut >= TARGET_THREADS / 4) return 1;
  return Math.max(1, Math.min(Math.ceil(R / MIN_SLICE), Math.ceil(TARGET_THREADS / nOut)));
}

/** Reduce `x` over `dims` into a fresh allocation of one element per output. */
export function reduceInto(
  b: WebGPUBackend,
  op: ValueReduceOp | ArgReduceOp,
  x: TensorInfo,
  dims: readonly number[],
  outDType: DType,
): GpuData {
  const { kept, red, nOut, R } = plan(x, dims);
  const arg = op === 'argmax' || op === 'argmin';
  const ct = arg ? computeType(x.dtype) : computeType(outDType);
  const parts = partsFor(nOut, R);
  const partDType: DType = arg || ct === 'i32' ? 'int32' : 'float32';
  const cls = { op, inDType: x.dtype, ct, keptRank: kept.shape.length, redRank: red.shape.length };
  const first = b.output(nOut * parts, parts > 1 ? partDType : outDType, op);
  if (nOut === 0) return first;
  const params = reduceParams(nOut, R, x.offset, parts, kept, red);
  const code = reduceCode({ ...cls, outDType: parts > 1 ? partDType : outDType, final: parts === 1 });
  b.run({ op, code, params, buffers: [gpuData(x.dataId), first], groups: Math.ceil((nOut * parts) / WG) });
  if (parts === 1) return first;
  let out: GpuData;
  if (arg) {
    out = b.output(nOut, 'int32', op);
    b.run({
      op,
      code: argFinishCode({ ...cls, outDType: 'int32' }),
      params,
      buffers: [gpuData(x.dataId), first, out],
      groups: Math.ceil(nOut / WG),
    });
  } else {
    // the partials of each output are contiguous: reduce [nOut, parts] over its last dim (associative ops)
    const partials: TensorInfo = { dataId: first, shape: [nOut, parts], strides: [parts, 1], offset: 0, dtype: partDType };
    out = reduceInto(b, op, partials, [1], outDType);
  }
  b.free(first);
  return out;
}

export function reduceKernel(op: ValueReduceOp) {
  return ([x]: [TensorInfo], attrs: ReduceAttrs, backend: Backend): KernelSignatures['sum']['output'] => {
    const b = backend as WebGPUBackend;
    return b.result(reduceInto(b, op, x, attrs.dims, attrs.outDType), reducedShape(x.shape, attrs.dims, attrs.keepdim));
  };
}

export function argReduceKernel(op: ArgReduceOp) {
  return ([x]: [TensorInfo], attrs: { dim: number | null; keepdim: boolean }, backend: Backend): KernelSignatures['argmax']['output'] => {
    const b = backend as WebGPUBackend;
    const dims = attrs.dim === null ? x.shape.map((_, d) => d) : [attrs.dim];
    const shape = attrs.dim === null ? (attrs.keepdim ? x.shape.map(() => 1) : []) : reducedShape(x.shape, dims, attrs.keepdim);
    return b.result(reduceInto(b, op, x, dims, 'int32'), shape);
  };
}
