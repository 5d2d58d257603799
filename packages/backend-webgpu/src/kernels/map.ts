import type { DType, TensorInfo } from '@torchlet/tensor';
import { contiguousStrides, numelOf } from '@torchlet/tensor';
import type { WebGPUBackend } from '../backend.js';
import type { ComputeType } from '../dtypes.js';
import { gpuData, type GpuData } from '../program.js';
import { operand } from '../fusion.js';
import { coalesce, isFlat } from '../strided.js';
import { WG } from '../wgsl/common.js';
import { mapCode, mapKey, mapParams, type MapSpec } from '../wgsl/map.js';

export interface MapRun {
  op: string;
  inputs: readonly TensorInfo[];
  /** names and compute types the inputs are loaded as */
  names: readonly string[];
  cts: readonly ComputeType[];
  /** shape of the result (inputs are already broadcast to it through their strides) */
  shape: readonly number[];
  outDType: DType;
  /** write into this view instead of a fresh contiguous allocation */
  dst?: TensorInfo;
  expr: string;
  ct: ComputeType;
  store?: string;
  extras?: number[];
}

/** Run a strided map (see wgsl/map.ts) and return the written allocation. */
export function runMap(b: WebGPUBackend, r: MapRun): GpuData {
  const n = numelOf(r.shape);
  if (b.fusion && !r.dst && n > 0) {
    const out = b.output(n, r.outDType, r.op);
    b.defer(
      {
        op: r.op,
        inputs: r.inputs.map((t) => operand(gpuData(t.dataId), t.offset, r.shape, t.strides)),
        names: r.names,
        cts: r.cts,
        expr: r.expr,
        ct: r.ct,
        store: r.store,
        outDType: r.outDType,
        extras: r.extras ?? [],
        n,
      },
      out,
    );
    return out;
  }
  if (r.dst) b.beforeWrite(gpuData(r.dst.dataId));
  const dstStrides = r.dst ? r.dst.strides : contiguousStrides(r.shape);
  const { shape, strides } = coalesce(r.shape, [...r.inputs.map((t) => t.strides), dstStrides]);
  const flat = strides.map((s) => isFlat(shape, s));
  const rank = flat.every(Boolean) ? 0 : shape.length;
  const out = r.dst ? gpuData(r.dst.dataId) : b.output(n, r.outDType, r.op);
  if (n === 0) return out;
  const spec: MapSpec = {
    rank,
    inputs: r.inputs.map((t, k) => ({ dtype: t.dtype, flat: flat[k]!, name: r.names[k]!, ct: r.cts[k]! })),
    out: { dtype: r.outDType, flat: flat[r.inputs.length]! },
    expr: r.expr,
    ct: r.ct,
    store: r.store,
    extras: r.extras?.length,
  };
  const operands = [...r.inputs.map((t, k) => ({ offset: t.offset, strides: strides[k]! })), { offset: r.dst?.offset ?? 0, strides: strides[r.inputs.length]! }];
  const params = mapParams(n, rank ? shape : [], operands, r.extras);
  b.run({ op: r.op, key: mapKey(spec), code: () => mapCode(spec), params, buffers: [...r.inputs.map((t) => gpuData(t.dataId)), out], groups: Math.ceil(n / WG) });
  return out;
}

/** The coalesced view of one operand, when it is read at offset + i. */
export function flatOffset(t: TensorInfo): number | null {
  const { shape, strides } = coalesce(t.shape, [t.strides]);
  return isFlat(shape, strides[0]!) ? t.offset : null;
}
