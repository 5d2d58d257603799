import type { Backend, BinaryOpName, DType, KernelSignatures, TensorInfo, TypedArray, UnaryOpName } from '@torchlet/tensor';
import { BINARY_OPS, numelOf, UNARY_OPS } from '@torchlet/tensor';
import { arr, done, output } from '../cpu-backend.js';
import { infoOffsets } from '../strided.js';

type Out<K extends keyof KernelSignatures> = KernelSignatures[K]['output'];

/** Bool outputs hold exactly 0 or 1. */
function boolify(out: TypedArray, dtype: DType): void {
  if (dtype !== 'bool') return;
  for (let i = 0; i < out.length; i++) if (out[i] !== 0) out[i] = 1;
}

export function unaryKernel(name: UnaryOpName) {
  const f = UNARY_OPS[name].cpu as (x: number) => number;
  return ([x]: [TensorInfo], attrs: { outDType: DType }, backend: Backend): Out<'exp'> => {
    const n = numelOf(x.shape);
    const o = output(backend, attrs.outDType, n);
    const out = o.data;
    const a = arr(x.dataId);
    const offs = infoOffsets(x);
    if (!offs) for (let i = 0, p = x.offset; i < n; i++, p++) out[i] = f(a[p]!);
    else for (let i = 0; i < n; i++) out[i] = f(a[offs[i]!]!);
    boolify(out, attrs.outDType);
    return done(backend, o, x.shape, attrs.outDType);
  };
}

type Loop = (out: TypedArray, a: ArrayLike<number>, p: number, b: ArrayLike<number>, q: number, n: number) => void;
type ScalarLoop = (out: TypedArray, a: ArrayLike<number>, p: number, s: number, n: number) => void;

/** Hand-written loops for the hottest float ops: one function literal each, so V8 inlines the arithmetic. */
const FAST: Partial<Record<BinaryOpName, { both: Loop; scalarB: ScalarLoop; scalarA: ScalarLoop }>> = {
  add: {
    both: (o, a, p, b, q, n) => {
      for (let i = 0; i < n; i++) o[i] = a[p + i]! + b[q + i]!;
    },
    scalarB: (o, a, p, s, n) => {
      for (let i = 0; i < n; i++) o[i] = a[p + i]! + s;
    },
    scalarA: (o, b, q, s, n) => {
      for (let i = 0; i < n; i++) o[i] = s + b[q + i]!;
    },
  },
  sub: {
    both: (o, a, p, b, q, n) => {
      for (let i = 0; i < n; i++) o[i] = a[p + i]! - b[q + i]!;
    },
    scalarB: (o, a, p, s, n) => {
      for (let i = 0; i < n; i++) o[i] = a[p + i]! - s;
    },
    scalarA: (o, b, q, s, n) => {
      for (let i = 0; i < n; i++) o[i] = s - b[q + i]!;
    },
  },
  mul: {
    both: (o, a, p, b, q, n) => {
      for (let i = 0; i < n; i++) o[i] = a[p + i]! * b[q + i]!;
    },
    scalarB: (o, a, p, s, n) => {
      for (let i = 0; i < n; i++) o[i] = a[p + i]! * s;
    },
    scalarA: (o, b, q, s, n) => {
      for (let i = 0; i < n; i++) o[i] = s * b[q + i]!;
    },
  },
  div: {
    both: (o, a, p, b, q, n) => {
      for (let i = 0; i < n; i++) o[i] = a[p + i]! / b[q + i]!;
    },
    scalarB: (o, a, p, s, n) => {
      for (let i = 0; i < n; i++) o[i] = a[p + i]! / s;
    },
    scalarA: (o, b, q, s, n) => {
      for (let i = 0; i < n; i++) o[i] = s / b[q + i]!;
    },
  },
};

/** A broadcast operand that is one element repeated (all strides 0). */
const isScalarView = (t: TensorInfo) => t.strides.every((s, i) => s === 0 || t.shape[i] === 1);

export function binaryKernel(name: BinaryOpName) {
  const def = BINARY_OPS[name];
  const fast = FAST[name];
  return ([x, y]: [TensorInfo, TensorInfo], attrs: { outDType: DType; shape: number[] }, backend: Backend): Out<'add'> => {
    const n = numelOf(attrs.shape);
    const o = output(backend, attrs.outDType, n);
    const out = o.data;
    const a = arr(x.dataId);
    const b = arr(y.dataId);
    const oa = infoOffsets(x);
    const ob = infoOffsets(y);
    if (fast && (attrs.outDType === 'float32' || attrs.outDType === 'float64')) {
      if (!oa && !ob) {
        fast.both(out, a, x.offset, b, y.offset, n);
        return done(backend, o, attrs.shape, attrs.outDType);
      }
      if (!oa && isScalarView(y)) {
        fast.scalarB(out, a, x.offset, b[y.offset]!, n);
        return done(backend, o, attrs.shape, attrs.outDType);
      }
      if (!ob && isScalarView(x)) {
        fast.scalarA(out, b, y.offset, a[x.offset]!, n);
        return done(backend, o, attrs.shape, attrs.outDType);
      }
    }
    const f = (attrs.outDType === 'int32' && 'cpuInt' in def ? def.cpuInt : def.cpu) as (a: number, b: number) => number;
    if (!oa && !ob) for (let i = 0, p = x.offset, q = y.offset; i < n; i++) out[i] = f(a[p++]!, b[q++]!);
    else if (!oa) for (let i = 0, p = x.offset; i < n; i++) out[i] = f(a[p++]!, b[ob![i]!]!);
    else if (!ob) for (let i = 0, q = y.offset; i < n; i++) out[i] = f(a[oa[i]!]!, b[q++]!);
    else for (let i = 0; i < n; i++) out[i] = f(a[oa[i]!]!, b[ob[i]!]!);
    boolify(out, attrs.outDType);
    return done(backend, o, attrs.shape, attrs.outDType);
  };
}

/** Read any strided view as a contiguous sequence: get(i) for i in row-major order. */
function reader(t: TensorInfo): (i: number) => number {
  const a = arr(t.dataId);
  const offs = infoOffsets(t);
  const base = t.offset;
  return offs ? (i) => a[offs[i]!]! : (i) => a[base + i]!;
}

export function whereKernel(
  [c, x, y]: [TensorInfo, TensorInfo, TensorInfo],
  attrs: { outDType: DType; shape: number[] },
  backend: Backend,
): Out<'where'> {
  const n = numelOf(attrs.shape);
  const o = output(backend, attrs.outDType, n);
  const out = o.data;
  const rc = reader(c);
  const rx = reader(x);
  const ry = reader(y);
  for (let i = 0; i < n; i++) out[i] = rc(i) ? rx(i) : ry(i);
  boolify(out, attrs.outDType);
  return done(backend, o, attrs.shape, attrs.outDType);
}

export function clampKernel([x]: [TensorInfo], attrs: KernelSignatures['clamp']['attrs'], backend: Backend): Out<'clamp'> {
  const n = numelOf(x.shape);
  const o = output(backend, attrs.outDType, n);
  const out = o.data;
  const r = reader(x);
  const lo = attrs.min ?? -Infinity;
  const hi = attrs.max ?? Infinity;
  for (let i = 0; i < n; i++) {
    const v = r(i);
    out[i] = Number.isNaN(v) ? v : Math.min(Math.max(v, lo), hi);
  }
  return done(backend, o, x.shape, attrs.outDType);
}

export function castKernel([x]: [TensorInfo], attrs: { dtype: DType }, backend: Backend): Out<'cast'> {
  const n = numelOf(x.shape);
  const o = output(backend, attrs.dtype, n);
  const out = o.data;
  const src = arr(x.dataId);
  const offs = infoOffsets(x);
  if (attrs.dtype === 'bool') {
    const r = reader(x);
    for (let i = 0; i < n; i++) out[i] = +(r(i) !== 0);
  } else if (!offs) out.set(src.subarray(x.offset, x.offset + n));
  else for (let i = 0; i < n; i++) out[i] = src[offs[i]!]!;
  return done(backend, o, x.shape, attrs.dtype);
}

export function copyKernel([x]: [TensorInfo], _attrs: object, backend: Backend): Out<'copy'> {
  return castKernel([x], { dtype: x.dtype }, backend);
}

export function assignKernel([dst, src]: [TensorInfo, TensorInfo], _attrs: object, _backend: Backend): void {
  const d = arr(dst.dataId);
  const s = arr(src.dataId);
  const n = numelOf(dst.shape);
  const od = infoOffsets(dst);
  const toBool = dst.dtype === 'bool';
  if (!od && !toBool) {
    // contiguous destination: a memcpy or a fill when the source is too
    if (isScalarView(src)) {
      d.fill(s[src.offset]!, dst.offset, dst.offset + n);
      return;
    }
    const os = infoOffsets(src);
    if (!os) {
      d.set(s.subarray(src.offset, src.offset + n), dst.offset);
      return;
    }
    for (let i = 0, o = dst.offset; i < n; i++, o++) d[o] = s[os[i]!]!;
    return;
  }
  const r = reader(src);
  // NaN is true as a bool, as every nonzero value
  if (!od) for (let i = 0, o = dst.offset; i < n; i++, o++) d[o] = +(r(i) !== 0);
  else for (let i = 0; i < n; i++) d[od[i]!] = toBool ? +(r(i) !== 0) : r(i);
}

export function fillKernel(_: [], attrs: KernelSignatures['fill']['attrs'], backend: Backend): Out<'fill'> {
  const o = output(backend, attrs.dtype, numelOf(attrs.shape));
  o.data.fill(attrs.dtype === 'bool' ? +(Number(attrs.value) !== 0) : attrs.value);
  return done(backend, o, attrs.shape, attrs.dtype);
}
