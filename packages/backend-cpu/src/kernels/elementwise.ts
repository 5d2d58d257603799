import type { Backend, BinaryOpName, DType, KernelSignatures, TensorInfo, TypedArray, UnaryOpName } from '@torchlet/tensor';
import { allocTyped, BINARY_OPS, numelOf, UNARY_OPS } from '@torchlet/tensor';
import { arr, result } from '../cpu-backend.js';
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
    const out = allocTyped(attrs.outDType, n);
    const a = arr(x.dataId);
    const offs = infoOffsets(x);
    if (!offs) for (let i = 0, o = x.offset; i < n; i++, o++) out[i] = f(a[o]!);
    else for (let i = 0; i < n; i++) out[i] = f(a[offs[i]!]!);
    boolify(out, attrs.outDType);
    return result(backend, out, x.shape, attrs.outDType);
  };
}

export function binaryKernel(name: BinaryOpName) {
  const def = BINARY_OPS[name];
  return ([x, y]: [TensorInfo, TensorInfo], attrs: { outDType: DType; shape: number[] }, backend: Backend): Out<'add'> => {
    const f = (attrs.outDType === 'int32' && 'cpuInt' in def ? def.cpuInt : def.cpu) as (a: number, b: number) => number;
    const n = numelOf(attrs.shape);
    const out = allocTyped(attrs.outDType, n);
    const a = arr(x.dataId);
    const b = arr(y.dataId);
    const oa = infoOffsets(x);
    const ob = infoOffsets(y);
    if (!oa && !ob) for (let i = 0, p = x.offset, q = y.offset; i < n; i++) out[i] = f(a[p++]!, b[q++]!);
    else if (!oa) for (let i = 0, p = x.offset; i < n; i++) out[i] = f(a[p++]!, b[ob![i]!]!);
    else if (!ob) for (let i = 0, q = y.offset; i < n; i++) out[i] = f(a[oa[i]!]!, b[q++]!);
    else for (let i = 0; i < n; i++) out[i] = f(a[oa[i]!]!, b[ob[i]!]!);
    boolify(out, attrs.outDType);
    return result(backend, out, attrs.shape, attrs.outDType);
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
  const out = allocTyped(attrs.outDType, n);
  const rc = reader(c);
  const rx = reader(x);
  const ry = reader(y);
  for (let i = 0; i < n; i++) out[i] = rc(i) ? rx(i) : ry(i);
  boolify(out, attrs.outDType);
  return result(backend, out, attrs.shape, attrs.outDType);
}

export function clampKernel([x]: [TensorInfo], attrs: KernelSignatures['clamp']['attrs'], backend: Backend): Out<'clamp'> {
  const n = numelOf(x.shape);
  const out = allocTyped(attrs.outDType, n);
  const r = reader(x);
  const lo = attrs.min ?? -Infinity;
  const hi = attrs.max ?? Infinity;
  for (let i = 0; i < n; i++) {
    const v = r(i);
    out[i] = v !== v ? v : Math.min(Math.max(v, lo), hi);
  }
  return result(backend, out, x.shape, attrs.outDType);
}

export function castKernel([x]: [TensorInfo], attrs: { dtype: DType }, backend: Backend): Out<'cast'> {
  const n = numelOf(x.shape);
  const out = allocTyped(attrs.dtype, n);
  const r = reader(x);
  if (attrs.dtype === 'bool') for (let i = 0; i < n; i++) out[i] = r(i) ? 1 : 0;
  else for (let i = 0; i < n; i++) out[i] = r(i);
  return result(backend, out, x.shape, attrs.dtype);
}

export function copyKernel([x]: [TensorInfo], _attrs: object, backend: Backend): Out<'copy'> {
  return castKernel([x], { dtype: x.dtype }, backend);
}

export function assignKernel([dst, src]: [TensorInfo, TensorInfo], _attrs: object, _backend: Backend): void {
  const d = arr(dst.dataId);
  const n = numelOf(dst.shape);
  const od = infoOffsets(dst);
  const r = reader(src);
  const toBool = dst.dtype === 'bool';
  if (!od) for (let i = 0, o = dst.offset; i < n; i++, o++) d[o] = toBool ? +!!r(i) : r(i);
  else for (let i = 0; i < n; i++) d[od[i]!] = toBool ? +!!r(i) : r(i);
}

export function fillKernel(_: [], attrs: KernelSignatures['fill']['attrs'], backend: Backend): Out<'fill'> {
  const out = allocTyped(attrs.dtype, numelOf(attrs.shape));
  out.fill(attrs.dtype === 'bool' ? +!!attrs.value : attrs.value);
  return result(backend, out, attrs.shape, attrs.dtype);
}
