/**
 * Reductions over any set of dims of a strided input, without workgroup barriers (which CPU
 * implementations such as SwiftShader run as coroutine switches). The kept dims and the reduced
 * dims are each coalesced on the host; thread t handles output o = t / parts and reduces the
 * reduced indices r = part, part + parts, ... (interleaved, so neighbouring threads read
 * neighbouring elements). With parts > 1 the partials are reduced again by the same kernel
 * (values) or by `argFinishCode` (arg-reductions keep the index; the value is re-read).
 */
import type { DType } from '@torchlet/tensor/backend';
import type { ComputeType } from '../dtypes.js';
import { loadAs, storeAs, storeType } from '../dtypes.js';
import { decode, declare, elementIndex, entry, PRELUDE } from './common.js';

export type ValueReduceOp = 'sum' | 'prod' | 'max' | 'min';
export type ArgReduceOp = 'argmax' | 'argmin';

export interface ReduceClass {
  op: ValueReduceOp | ArgReduceOp;
  inDType: DType;
  /** for arg-reductions: int32; partial indices when `final` is false */
  outDType: DType;
  ct: ComputeType;
  keptRank: number;
  redRank: number;
  /** arg-reductions: write max(index, 0) (final) or the raw partial index (-1 for none) */
  final?: boolean;
}

/** [nOut, R, offset, parts, keptShape, keptStrides, redShape, redStrides] */
export function reduceLayout(keptRank: number, redRank: number) {
  const keptShapeAt = 4;
  const keptStridesAt = keptShapeAt + keptRank;
  const redShapeAt = keptStridesAt + keptRank;
  const redStridesAt = redShapeAt + redRank;
  return { keptShapeAt, keptStridesAt, redShapeAt, redStridesAt };
}

export function reduceParams(
  nOut: number,
  R: number,
  offset: number,
  parts: number,
  kept: { shape: number[]; strides: number[] },
  red: { shape: number[]; strides: number[] },
): number[] {
  return [nOut, R, offset, parts, ...kept.shape, ...kept.strides, ...red.shape, ...red.strides];
}

function init(op: ValueReduceOp | ArgReduceOp, ct: ComputeType): string {
  if (op === 'sum') return `${ct}(0)`;
  if (op === 'prod') return `${ct}(1)`;
  const high = op === 'min' || op === 'argmin';
  if (ct === 'f32') return high ? 'inf_()' : '-inf_()';
  return high ? 'i32(2147483647)' : 'i32(-2147483647 - 1)';
}

function combine(op: ValueReduceOp, ct: ComputeType, a: string, v: string): string {
  if (op === 'sum') return `${a} + ${v}`;
  if (op === 'prod') return `${a} * ${v}`;
  if (ct === 'f32') return `f${op}n(${a}, ${v})`;
  return `${op}(${a}, ${v})`;
}

/** better(v, vi, b, bi): candidate (v, vi) beats the best so far; NaN wins, then the first index on ties. */
function betterFn(op: ArgReduceOp, ct: ComputeType): string {
  const nan =
    ct === 'f32' ? `  let vn = isnan_(v);\n  let bn = isnan_(b);\n  if (vn || bn) { if (vn && bn) { return vi < bi; } return vn; }\n` : '';
  return `fn better(v: ${ct}, vi: i32, b: ${ct}, bi: i32) -> bool {
  if (vi < 0) { return false; }
  if (bi < 0) { return true; }
${nan}  if (v == b) { return vi < bi; }
  return v ${op === 'argmax' ? '>' : '<'} b;
}`;
}

function bindings(inDType: DType, extra: { name: string; dtype: DType }[]): string {
  return declare([
    { name: 'x', type: storeType(inDType), access: 'read' as const },
    ...extra.map((e) => ({ name: e.name, type: storeType(e.dtype), access: 'read_write' as const })),
  ]);
}

/** One pass: thread t reduces the parts-interleaved slice `part` of output o. */
export function reduceCode(c: ReduceClass): string {
  const L = reduceLayout(c.keptRank, c.redRank);
  const arg = c.op === 'argmax' || c.op === 'argmin';
  const load = loadAs(c.inDType, c.ct, 'x[off]');
  const step = arg
    ? `    let v = ${load};\n    if (better(v, r, bv, bi)) { bv = v; bi = r; }`
    : `    acc = ${combine(c.op as ValueReduceOp, c.ct, 'acc', load)};`;
  const start = arg ? `  var bv: ${c.ct} = ${init(c.op, c.ct)};\n  var bi: i32 = -1;` : `  var acc: ${c.ct} = ${init(c.op, c.ct)};`;
  const result = arg ? (c.final ? 'max(bi, 0)' : 'bi') : storeAs(c.outDType, c.ct, 'acc');
  return `${PRELUDE}
${arg ? betterFn(c.op as ArgReduceOp, c.ct) : ''}
${bindings(c.inDType, [{ name: 'dst', dtype: c.outDType }])}
${entry()}
${elementIndex('prm[0] * prm[3]')}
  let parts = prm[3];
  let o = i / parts;
  let part = i % parts;
  var base = prm[2];
${decode('o', c.keptRank, L.keptShapeAt, [{ name: 'base', stridesAt: L.keptStridesAt }], 'q1')}
${start}
  for (var r = part; r < prm[1]; r += parts) {
    var off = base;
${decode('r', c.redRank, L.redShapeAt, [{ name: 'off', stridesAt: L.redStridesAt }], 'q2')}
${step}
  }
  dst[i] = ${result};
}
`;
}

/** Second pass of an arg-reduction: pick the best of each output's partial indices (values re-read from x). */
export function argFinishCode(c: ReduceClass): string {
  const L = reduceLayout(c.keptRank, c.redRank);
  return `${PRELUDE}
${betterFn(c.op as ArgReduceOp, c.ct)}
${declare([
  { name: 'x', type: storeType(c.inDType), access: 'read' },
  { name: 'part', type: 'i32', access: 'read' },
  { name: 'dst', type: 'i32', access: 'read_write' },
])}
${entry()}
${elementIndex('prm[0]')}
  let parts = prm[3];
  let o = i;
  var base = prm[2];
${decode('o', c.keptRank, L.keptShapeAt, [{ name: 'base', stridesAt: L.keptStridesAt }], 'q1')}
  var bv: ${c.ct} = ${init(c.op, c.ct)};
  var bi: i32 = -1;
  for (var p = 0; p < parts; p++) {
    let r = part[o * parts + p];
    if (r < 0) { continue; }
    var off = base;
${decode('r', c.redRank, L.redShapeAt, [{ name: 'off', stridesAt: L.redStridesAt }], 'q2')}
    let v = ${loadAs(c.inDType, c.ct, 'x[off]')};
    if (better(v, r, bv, bi)) { bv = v; bi = r; }
  }
  dst[i] = max(bi, 0);
}
`;
}
