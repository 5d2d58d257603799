import type { DType, TensorInfo } from '@torchlet/tensor';
import { contiguousStrides, numelOf } from '@torchlet/tensor';
import type { WebGPUBackend } from '../backend.js';
import type { ComputeType } from '../dtypes.js';
import { gpuData, type GpuData } from '../program.js';
import { fnKey, operand, type LazyOp } from '../fusion.js';
import { coalesce, isFlat } from '../strided.js';
import { elementwiseWG, SMALL_WG, WG } from '../wgsl/common.js';
import { mapCode, mapKey, type MapSpec } from '../wgsl/map.js';

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

/** dtype codes for the numeric shader signatures of `runMap` */
const DTYPE_CODE: Record<DType, number> = { bool: 1, uint8: 2, int32: 3, float32: 4, float64: 5 };

/**
 * Shader keys of one kernel's maps by a numeric signature (dtypes, compute types, flat operands,
 * rank, vec4): what a kernel passes as `MapRun.keys` when its expression, store expression and
 * input names follow from that signature, so no key string is built per op. Each entry also keeps
 * the expressions it was made for and is rebuilt when they differ.
 */
export type MapKeyCache = Map<number, { key: string; expr: string; store: string | undefined; extras: number }>;

// scratch arrays of the unfused dispatch (b.run copies what it needs before it returns)
const params: number[] = [];
const buffers: GpuData[] = [];
const flags: boolean[] = [];
/** which inputs are one-element uploads passed as parameters (see MapSpec.inputs) */
const scalars: boolean[] = [];

/** Run a strided map (see wgsl/map.ts) and return the written allocation. */
export function runMap(b: WebGPUBackend, r: MapRun & { keys?: MapKeyCache }): GpuData {
  const n = numelOf(r.shape);
  const inputs = r.inputs;
  if (b.fusion && !r.dst && n > 0) {
    const out = b.output(n, r.outDType, r.op);
    const operands = [];
    for (let k = 0; k < inputs.length; k++) {
      const t = inputs[k]!;
      operands.push(operand(gpuData(t.dataId), t.offset, r.shape, t.strides));
    }
    const extras = r.extras ?? NONE;
    const l = {
      op: r.op,
      inputs: operands,
      names: r.names,
      cts: r.cts,
      expr: r.expr,
      ct: r.ct,
      store: r.store,
      outDType: r.outDType,
      extras,
      n,
      size: 0,
      leaves: 0,
      fnKey: '',
    };
    if (r.keys) l.fnKey = fnKeyOf(r, l);
    b.defer(l, out);
    return out;
  }
  if (r.dst) b.beforeWrite(gpuData(r.dst.dataId));
  const out = r.dst ? gpuData(r.dst.dataId) : b.output(n, r.outDType, r.op);
  if (n === 0) return out;
  const dstOffset = r.dst?.offset ?? 0;
  // one-element uploads (the 2 of x.mul(2)) are parameters, not bindings: no upload, no broadcast
  scalars.length = 0;
  for (let k = 0; k < inputs.length; k++) {
    const d = gpuData(inputs[k]!.dataId);
    scalars.push(d.scalar !== undefined && d.numel === 1 && !d.lazy);
  }
  // the common case: every operand read (and the result written) at offset + i, no decode
  let flat = !r.dst || isFlat(r.shape, r.dst.strides);
  for (let k = 0; flat && k < inputs.length; k++) flat = scalars[k]! || isFlat(r.shape, inputs[k]!.strides);
  let rank = 0;
  let shape: number[] = NONE;
  let strides: number[][] | null = null;
  flags.length = 0;
  if (flat) for (let k = 0; k <= inputs.length; k++) flags.push(true);
  else {
    const c = coalesce(r.shape, [...inputs.map((t) => t.strides), r.dst ? r.dst.strides : contiguousStrides(r.shape)]);
    shape = c.shape;
    strides = c.strides;
    for (let k = 0; k < strides.length; k++) flags.push(!!scalars[k] || isFlat(shape, strides[k]!));
    rank = flags.every(Boolean) ? 0 : shape.length;
  }
  let vec = rank === 0 && n % 4 === 0 && dstOffset % 4 === 0;
  for (let k = 0; vec && k < inputs.length; k++) vec = scalars[k]! || inputs[k]!.offset % 4 === 0;

  params.length = 0;
  params.push(n, ...shape);
  buffers.length = 0;
  for (let k = 0; k < inputs.length; k++) {
    const d = gpuData(inputs[k]!.dataId);
    params.push(scalars[k] ? d.scalar! : inputs[k]!.offset);
    if (rank) params.push(...strides![k]!);
    if (!scalars[k]) buffers.push(d);
  }
  params.push(dstOffset);
  if (rank) params.push(...strides![inputs.length]!);
  if (r.extras) params.push(...r.extras);
  buffers.push(out);

  const threads = vec ? n / 4 : n;
  const wg = elementwiseWG(threads);
  const key = mapKeyOf(r, rank, vec, wg);
  b.run({
    op: r.op,
    key,
    code: b.hasPipeline(key) ? '' : () => mapCode(specOf(r, rank, vec, wg)),
    params,
    buffers,
    groups: Math.ceil(threads / wg),
  });
  return out;
}

const NONE: never[] = [];

/** A pending op's function key (fusion.ts fnKey), from the kernel's cache under a negative signature. */
function fnKeyOf(r: MapRun & { keys?: MapKeyCache }, l: LazyOp): string {
  let sig = (r.ct === 'f32' ? 8 : 0) + DTYPE_CODE[r.outDType];
  for (let k = 0; k < l.inputs.length; k++) sig = (sig * 8 + DTYPE_CODE[l.inputs[k]!.data.dtype]) * 2 + (r.cts[k] === 'f32' ? 1 : 0);
  sig = -1 - sig;
  const extras = l.extras.length;
  const hit = r.keys!.get(sig);
  if (hit && hit.expr === r.expr && hit.store === r.store && hit.extras === extras) return hit.key;
  const key = fnKey(l);
  r.keys!.set(sig, { key, expr: r.expr, store: r.store, extras });
  return key;
}

function specOf(r: MapRun, rank: number, vec: boolean, wg: number): MapSpec {
  return {
    rank,
    inputs: r.inputs.map((t, k) => ({ dtype: t.dtype, flat: flags[k]!, name: r.names[k]!, ct: r.cts[k]!, scalar: scalars[k] })),
    out: { dtype: r.outDType, flat: flags[r.inputs.length]! },
    expr: r.expr,
    ct: r.ct,
    store: r.store,
    extras: r.extras?.length,
    vec,
    wg,
  };
}

/** The shader key of a map (`flags` holds the operands' flat flags), from the kernel's cache when it has one. */
function mapKeyOf(r: MapRun & { keys?: MapKeyCache }, rank: number, vec: boolean, wg: number): string {
  if (!r.keys) return mapKey(specOf(r, rank, vec, wg));
  let sig = rank * 16 + (wg === WG ? 8 : wg === SMALL_WG ? 4 : 0) + (vec ? 2 : 0) + (r.ct === 'f32' ? 1 : 0);
  sig = sig * 8 + DTYPE_CODE[r.outDType];
  for (let k = 0; k < flags.length; k++) sig = sig * 2 + (flags[k] ? 1 : 0);
  for (let k = 0; k < r.inputs.length; k++)
    sig = ((sig * 8 + DTYPE_CODE[r.inputs[k]!.dtype]) * 2 + (r.cts[k] === 'f32' ? 1 : 0)) * 2 + (scalars[k] ? 1 : 0);
  const extras = r.extras?.length ?? 0;
  const hit = r.keys.get(sig);
  if (hit && hit.expr === r.expr && hit.store === r.store && hit.extras === extras) return hit.key;
  const key = mapKey(specOf(r, rank, vec, wg));
  r.keys.set(sig, { key, expr: r.expr, store: r.store, extras });
  return key;
}

/** The coalesced view of one operand, when it is read at offset + i. */
export function flatOffset(t: TensorInfo): number | null {
  const { shape, strides } = coalesce(t.shape, [t.strides]);
  return isFlat(shape, strides[0]!) ? t.offset : null;
}
