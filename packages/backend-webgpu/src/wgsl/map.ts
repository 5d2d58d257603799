/**
 * The strided map: one thread per element of `shape`, each operand read (or the destination
 * written) at its own offset + strides, so broadcast (stride 0), transposed and sliced views need
 * no copy. Elementwise ops, where, clamp, cast, copy, assign and fill are all maps.
 */
import type { DType } from '@torchlet/tensor/backend';
import type { ComputeType, StoreType } from '../dtypes.js';
import { loadAs, storeAs, storeType } from '../dtypes.js';
import { decode, declare, elementIndex, entry, PRELUDE, VEC_LANES, vec4Of, WG, type Vec4Type } from './common.js';

export interface MapSpec {
  /** rank of the (coalesced) shape; 0 when every operand is flat */
  rank: number;
  /**
   * the inputs: dtype, whether read at offset + i, the name and compute type they are loaded as;
   * `scalar`: a one-element upload, not bound: its stored word is the parameter in its offset's slot
   */
  inputs: { dtype: DType; flat: boolean; name: string; ct: ComputeType; scalar?: boolean }[];
  /** the destination: dtype, and whether it is written at offset + i */
  out: { dtype: DType; flat: boolean };
  /** WGSL expression of the result in the input names and `$k` (extra param k, an i32) */
  expr: string;
  /** compute type of `expr` */
  ct: ComputeType;
  /** a complete WGSL expression for the stored value instead of converting `expr` */
  store?: string;
  extras?: number;
  /**
   * rank 0 only, every operand at an offset that is a multiple of 4 and n a multiple of 4: each
   * thread loads and stores one vec4 of every operand and computes the scalar expression on each
   * of its four components (the same result as four threads, with a quarter of the threads)
   */
  vec?: boolean;
  /** threads per workgroup (default WG) */
  wg?: number;
}

/** Where the parameters sit: [n, shape(rank), per operand (inputs, then destination): offset, strides(rank), extras] (kernels/map.ts writes them). */
export function mapLayout(rank: number, operands: number) {
  const operandAt = (k: number) => 1 + rank + k * (rank + 1);
  return { shapeAt: 1, operandAt, extraAt: operandAt(operands) };
}

/** A short string that determines mapCode's output (the pipeline cache key). */
export function mapKey(s: MapSpec): string {
  let k = `map${s.vec ? '4' : ''}|${s.wg ?? WG}|${s.rank}|${s.ct}|${s.out.dtype}${s.out.flat ? '' : '~'}|${s.extras ?? 0}|${s.expr}|${s.store ?? ''}`;
  for (const x of s.inputs) k += `|${x.name}:${x.dtype}:${x.ct}${x.flat ? '' : '~'}${x.scalar ? 's' : ''}`;
  return k;
}

export function mapCode(s: MapSpec): string {
  if (s.vec) return mapCodeVec4(s);
  const count = s.inputs.length + 1;
  const L = mapLayout(s.rank, count);
  const operands = [
    ...s.inputs.flatMap((x, k) => (x.scalar ? [] : [{ var: `o${k}`, flat: x.flat, at: L.operandAt(k) }])),
    { var: 'od', flat: s.out.flat, at: L.operandAt(s.inputs.length) },
  ];
  const offsets = operands.map((o) => (o.flat ? `  let ${o.var} = prm[${o.at}] + i;` : `  var ${o.var} = prm[${o.at}];`)).join('\n');
  const strided = operands.filter((o) => !o.flat).map((o) => ({ name: o.var, stridesAt: o.at + 1 }));
  const sub = (e: string) => e.replace(/\$(\d+)/g, (_, k: string) => `prm[${L.extraAt + Number(k)}]`);
  const loads = s.inputs
    .map((x, k) => `  let ${x.name} = ${loadAs(x.dtype, x.ct, x.scalar ? word(x.dtype, L.operandAt(k)) : `x${k}[o${k}]`)};`)
    .join('\n');
  const value = s.store ? sub(s.store) : storeAs(s.out.dtype, s.ct, `(${sub(s.expr)})`);
  return `${PRELUDE}
${declare([...bound(s, (t) => t), { name: 'dst', type: storeType(s.out.dtype), access: 'read_write' }])}
${entry(s.wg)}
${elementIndex('prm[0]', s.wg)}
${offsets}
${decode('i', s.rank, L.shapeAt, strided)}
${loads}
  dst[od] = ${value};
}
`;
}

/** The vec4 form of a rank-0 map (see MapSpec.vec): offsets are in elements, divided by 4 here. */
function mapCodeVec4(s: MapSpec): string {
  const L = mapLayout(0, s.inputs.length + 1);
  const sub = (e: string) => e.replace(/\$(\d+)/g, (_, k: string) => `prm[${L.extraAt + Number(k)}]`);
  const value = s.store ? sub(s.store) : storeAs(s.out.dtype, s.ct, `(${sub(s.expr)})`);
  const loads = s.inputs.flatMap((x, k) => (x.scalar ? [] : [`  let v${k} = x${k}[prm[${L.operandAt(k)}] / 4 + i];`])).join('\n');
  const lanes = VEC_LANES.map((c) => {
    const names = s.inputs
      .map((x, k) => `let ${x.name} = ${loadAs(x.dtype, x.ct, x.scalar ? word(x.dtype, L.operandAt(k)) : `v${k}.${c}`)};`)
      .join(' ');
    return `  { ${names} r.${c} = ${value}; }`;
  }).join('\n');
  const st = storeType(s.out.dtype);
  return `${PRELUDE}
${declare([...bound(s, vec4Of), { name: 'dst', type: vec4Of(st), access: 'read_write' }])}
${entry(s.wg)}
${elementIndex('prm[0] / 4', s.wg)}
${loads}
  var r: vec4<${st}>;
${lanes}
  dst[prm[${L.operandAt(s.inputs.length)}] / 4 + i] = r;
}
`;
}

/** The bindings of the inputs that are buffers (not scalars), as `x<k>` arrays of `type(store type)`. */
function bound(s: MapSpec, type: (t: StoreType) => StoreType | Vec4Type) {
  return s.inputs.flatMap((x, k) => (x.scalar ? [] : [{ name: `x${k}`, type: type(storeType(x.dtype)), access: 'read' as const }]));
}

/** A scalar input's stored word (parameter `at`) as its store type. */
function word(dtype: DType, at: number): string {
  const st = storeType(dtype);
  return st === 'i32' ? `prm[${at}]` : `bitcast<${st}>(prm[${at}])`;
}
