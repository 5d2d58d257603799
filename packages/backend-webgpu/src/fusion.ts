/**
 * Elementwise fusion. With fusion on, an elementwise op (unary, binary, where, clamp, cast) does
 * not dispatch: its result is a pending node that records the op and its operands. When
 * something needs the values (a read, a non-elementwise kernel, a copy), the node and every
 * pending node it reads are compiled into one WGSL kernel that reads the materialised operands
 * ("leaves") once and writes only the requested result. Intermediates are kept in registers;
 * one that is needed later (autograd saved it, the program reads it) is computed then from the
 * same leaves, which stay unchanged until then: writes into a leaf first materialise the live
 * nodes that read it, and a freed leaf goes back to the pool only when no pending node uses it.
 * Scalar leaves (one-element uploads, the `x * 2` operands) are passed as kernel parameters.
 */
import type { DType } from '@torchlet/tensor/backend';
import type { ComputeType, StoreType } from './dtypes.js';
import { loadAs, storeAs, storeType } from './dtypes.js';
import type { GpuData } from './program.js';
import { coalesce, isFlat } from './strided.js';
import { elementwiseWG, entry, elementIndex, PRELUDE, VEC_LANES, vec4Of } from './wgsl/common.js';

/** One operand of a pending op: the data and how the op's element i reads it. */
export interface Operand {
  data: GpuData;
  /** the coalesced view of the operand over the op's output shape */
  offset: number;
  shape: number[];
  strides: number[];
  /** read at offset + i */
  flat: boolean;
}

/** A pending elementwise op (see wgsl/map.ts for the meaning of the expression fields). */
export interface LazyOp {
  op: string;
  inputs: Operand[];
  names: readonly string[];
  cts: readonly ComputeType[];
  expr: string;
  ct: ComputeType;
  store?: string;
  outDType: DType;
  extras: readonly number[];
  /** output elements */
  n: number;
  /** upper bounds of the ops and buffer leaves of the whole pending graph under this op */
  size: number;
  leaves: number;
  /** the key of this op's own WGSL function */
  fnKey: string;
}

/** Ops in one fused kernel at most (bounds shader size and recomputation). */
export const MAX_FUSED_OPS = 32;

/** Whether a pending input can be inlined: the consumer reads its element i at element i. */
export function inlinable(o: Operand, n: number): boolean {
  return o.data.lazy !== null && o.flat && o.offset === 0 && o.data.numel === n;
}

/** Coalesce an operand's view over an output shape. */
export function operand(data: GpuData, offset: number, shape: readonly number[], strides: readonly number[]): Operand {
  const c = coalesce(shape, [strides]);
  const s = c.strides[0]!;
  return { data, offset, shape: c.shape, strides: s, flat: isFlat(c.shape, s) };
}

export function fnKey(l: Pick<LazyOp, 'names' | 'cts' | 'expr' | 'ct' | 'store' | 'outDType' | 'extras' | 'inputs'>): string {
  let k = `${l.ct}>${l.outDType}|${l.expr}|${l.store ?? ''}|${l.extras.length}`;
  for (let i = 0; i < l.names.length; i++) k += `|${l.names[i]}:${l.cts[i]}:${l.inputs[i]!.data.dtype}`;
  return k;
}

export interface FusedKernel {
  key: string;
  code: () => string;
  params: number[];
  buffers: GpuData[];
  /** each thread computes four consecutive elements through vec4 loads and stores (see below) */
  vec: boolean;
  /** workgroups to dispatch */
  groups: number;
}

interface Leaf {
  o: Operand;
  /** binding index into `buffers`, or -1 for a scalar passed as a parameter */
  binding: number;
  /** where its parameters start */
  at: number;
}

/**
 * The fused kernel that computes `root` (a pending node) into `out`, reading every pending node
 * under it inline. Parameters: [n, extras of each op, per leaf: scalar bits | offset, shape, strides].
 */
export function fuse(root: GpuData, out: GpuData): FusedKernel {
  // pending nodes in dependency order (inputs first), each once
  const order: GpuData[] = [];
  const seen = new Map<GpuData, number>();
  const visit = (d: GpuData) => {
    if (seen.has(d)) return;
    for (const o of d.lazy!.inputs) if (inlinable(o, d.lazy!.n)) visit(o.data);
    seen.set(d, order.length);
    order.push(d);
  };
  visit(root);

  const params: number[] = [root.lazy!.n];
  const buffers: GpuData[] = [];
  const bindingOf = new Map<GpuData, number>();
  const leaves: Leaf[] = [];
  const leafOf = new Map<string, number>();
  let key = '';
  const fns: string[] = [];
  const body: string[] = [];
  const extraAt: number[] = [];

  for (const d of order) {
    const l = d.lazy!;
    extraAt.push(params.length);
    for (const e of l.extras) params.push(e);
  }

  const leafRef = (o: Operand): string => {
    const scalar = o.data.scalar !== undefined && o.data.numel === 1;
    const vk = scalar ? `s:${o.data.dtype}` : `${o.offset}:${o.shape.join(',')}:${o.strides.join(',')}`;
    const id = `${scalar ? '' : bindingKey(o.data, bindingOf, buffers)}|${vk}`;
    let k = scalar ? undefined : leafOf.get(id);
    if (k === undefined) {
      k = leaves.length;
      const leaf: Leaf = { o, binding: scalar ? -1 : bindingOf.get(o.data)!, at: params.length };
      if (scalar) params.push(o.data.scalar!);
      else if (o.flat) params.push(o.offset);
      else params.push(o.offset, ...o.shape, ...o.strides);
      leaves.push(leaf);
      if (!scalar) leafOf.set(id, k);
      key += scalar ? `L${k}=s${storeType(o.data.dtype)};` : `L${k}=b${leaf.binding}:${o.flat ? 'f' : o.shape.length};`;
    }
    return `l${k}`;
  };

  // the key is built here; the WGSL only when the pipeline is not cached (in `code`)
  const ops = order.map((d) => d.lazy!);
  const srcs: string[][] = [];
  ops.forEach((l, j) => {
    const src: string[] = [];
    for (let i = 0; i < l.inputs.length; i++) {
      const o = l.inputs[i]!;
      const ref = inlinable(o, l.n) ? `v${seen.get(o.data)}` : leafRef(o);
      key += `${j}.${i}=${ref};`;
      src.push(ref);
    }
    srcs.push(src);
    key += `F${j}:${l.fnKey};`;
  });
  const chain = () => {
    fns.length = 0;
    body.length = 0;
    ops.forEach((l, j) => {
      const args = srcs[j]!.map((ref, i) => loadAs(l.inputs[i]!.data.dtype, l.cts[i]!, ref));
      for (let e = 0; e < l.extras.length; e++) args.push(`prm[${extraAt[j]! + e}]`);
      const sub = (e: string) => e.replace(/\$(\d+)/g, (_, k: string) => `e${k}`);
      const value = l.store ? sub(l.store) : storeAs(l.outDType, l.ct, `(${sub(l.expr)})`);
      const decl = [...l.names.map((nm, i) => `${nm}: ${l.cts[i]}`), ...l.extras.map((_, e) => `e${e}: i32`)].join(', ');
      fns.push(`fn f${j}(${decl}) -> ${storeType(l.outDType)} { return ${value}; }`);
      body.push(`  let v${j} = f${j}(${args.join(', ')});`);
    });
  };

  // vec4 form: every buffer leaf read at offset + i with offset and n multiples of 4; a thread
  // loads one vec4 of each, runs the chain on each component, and stores one vec4
  const n = root.lazy!.n;
  const vec = n % 4 === 0 && leaves.every((leaf) => leaf.binding < 0 || (leaf.o.flat && leaf.o.offset % 4 === 0));

  const scalarLoad = (leaf: Leaf, k: number) => {
    const st = storeType(leaf.o.data.dtype);
    return `  let l${k} = ${st === 'i32' ? `prm[${leaf.at}]` : `bitcast<${st}>(prm[${leaf.at}])`};`;
  };
  const loadsOf = () =>
    leaves.map((leaf, k) => {
      if (leaf.binding < 0) return scalarLoad(leaf, k);
      const buf = `x${leaf.binding}`;
      if (vec) return `  let w${k} = ${buf}[prm[${leaf.at}] / 4 + i];`;
      if (leaf.o.flat) return `  let l${k} = ${buf}[prm[${leaf.at}] + i];`;
      const r = leaf.o.shape.length;
      return `  var o${k} = prm[${leaf.at}];
  { var r = i;
    for (var d = ${r - 1}; d >= 0; d--) {
      let s = prm[${leaf.at + 1} + d];
      o${k} += (r % s) * prm[${leaf.at + 1 + r} + d];
      r = r / s;
    } }
  let l${k} = ${buf}[o${k}];`;
    });

  const threads = vec ? n / 4 : n;
  const wg = elementwiseWG(threads);
  const types = buffers.map((b) => storeType(b.dtype));
  const outType = storeType(root.dtype);
  key = `${vec ? 'fused4' : 'fused'}|${wg}|${types.join(',')}>${outType}|${key}`;
  const last = order.length - 1;
  const code = () => {
    chain();
    const loads = loadsOf();
    const arr = (t: StoreType) => (vec ? vec4Of(t) : t);
    const decls = ['@group(0) @binding(0) var<storage, read> prm: array<i32>;'];
    types.forEach((t, b) => {
      decls.push(`@group(0) @binding(${b + 1}) var<storage, read> x${b}: array<${arr(t)}>;`);
    });
    decls.push(`@group(0) @binding(${types.length + 1}) var<storage, read_write> dst: array<${arr(outType)}>;`);
    let compute: string;
    if (vec) {
      const lanes = VEC_LANES.map((c) => {
        const lane = leaves.map((leaf, k) => (leaf.binding < 0 ? '' : `    let l${k} = w${k}.${c};\n`)).join('');
        return `  {\n${lane}${body.map((line) => `  ${line}`).join('\n')}\n    r.${c} = v${last};\n  }`;
      });
      compute = `  var r: vec4<${outType}>;\n${lanes.join('\n')}\n  dst[i] = r;`;
    } else compute = `${body.join('\n')}\n  dst[i] = v${last};`;
    return `${PRELUDE}
${fns.join('\n')}
${decls.join('\n')}
${entry(wg)}
${elementIndex(vec ? 'prm[0] / 4' : 'prm[0]', wg)}
${loads.join('\n')}
${compute}
}
`;
  };
  return { key, code, params, buffers: [...buffers, out], vec, groups: Math.ceil(threads / wg) };
}

function bindingKey(d: GpuData, bindingOf: Map<GpuData, number>, buffers: GpuData[]): number {
  let b = bindingOf.get(d);
  if (b === undefined) {
    b = buffers.length;
    buffers.push(d);
    bindingOf.set(d, b);
  }
  return b;
}
