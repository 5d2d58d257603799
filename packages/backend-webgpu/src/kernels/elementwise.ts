import type { Backend, BinaryOpName, DType, KernelSignatures, TensorInfo, UnaryOpName } from '@torchlet/tensor';
import { BINARY_OPS, numelOf, UNARY_OPS } from '@torchlet/tensor';
import type { WebGPUBackend } from '../backend.js';
import type { ComputeType } from '../dtypes.js';
import { commonCompute, computeBits, computeType, scalarBits, storeType } from '../dtypes.js';
import { gpuData, type GpuData } from '../program.js';
import { BINARY_WGSL, UNARY_WGSL } from '../wgsl/elementwise-ops.js';
import { flatOffset, runMap, type MapKeyCache } from './map.js';

type Out<K extends keyof KernelSignatures> = KernelSignatures[K]['output'];
const gpu = (b: Backend) => b as WebGPUBackend;

/**
 * Where the code table's WGSL (wgsl/elementwise-ops.ts) does not give the host's result: pow is undefined in WGSL
 * for negative or zero bases and exists only for floats, max/min do not propagate NaN, tanh of
 * large arguments may overflow on some drivers, and WGSL's sin/cos only promise 2^-11 absolute accuracy on
 * [-pi, pi] (SwiftShader is off by ~2e-4): ours reduce the argument and use polynomials (~1e-7).
 */
const OVERRIDES: Partial<Record<UnaryOpName | BinaryOpName, Partial<Record<ComputeType, string>>>> = {
  pow: { f32: 'fpow(a, b)', i32: 'ipow(a, b)' },
  maximum: { f32: 'fmaxn(a, b)' },
  minimum: { f32: 'fminn(a, b)' },
  tanh: { f32: 'tanh(clamp(x, -15.0, 15.0))' },
  sin: { f32: 'sin_(x)' },
  cos: { f32: 'cos_(x)' },
};

function wgslOf(op: UnaryOpName | BinaryOpName, ct: ComputeType, table: string): string {
  return OVERRIDES[op]?.[ct] ?? table;
}

// operand names of the kernels' expressions (constants, so the calls allocate no arrays for them)
const X = ['x'] as const;
const AB = ['a', 'b'] as const;
const COND_XY = ['cond', 'x', 'y'] as const;
const CT_F32 = ['f32'] as const;
const CT_I32 = ['i32'] as const;
const cts1 = (ct: ComputeType) => (ct === 'f32' ? CT_F32 : CT_I32);
const CT_F32_2 = ['f32', 'f32'] as const;
const CT_I32_2 = ['i32', 'i32'] as const;

/** bool results: the table's comparison (a WGSL bool) or 0/1 integer expression, stored as 0u/1u */
const boolStore = (expr: string) => `select(0u, 1u, bool(${expr}))`;

export function unaryKernel(name: UnaryOpName) {
  const def = UNARY_OPS[name];
  // the expression, store and names follow from the dtypes, so shader keys are cached by them
  const keys: MapKeyCache = new Map();
  return ([x]: [TensorInfo], attrs: { outDType: DType }, backend: Backend): Out<'exp'> => {
    const b = gpu(backend);
    const ct: ComputeType = def.out === 'float' ? 'f32' : computeType(x.dtype);
    const expr = wgslOf(name, ct, UNARY_WGSL[name]);
    const out = runMap(b, {
      op: name,
      inputs: [x],
      names: X,
      cts: cts1(ct),
      shape: x.shape,
      outDType: attrs.outDType,
      expr,
      ct,
      store: attrs.outDType === 'bool' ? boolStore(expr) : undefined,
      keys,
    });
    return b.result(out, x.shape);
  };
}

export function binaryKernel(name: BinaryOpName) {
  const def = BINARY_OPS[name];
  const keys: MapKeyCache = new Map();
  return ([x, y]: [TensorInfo, TensorInfo], attrs: { outDType: DType; shape: number[] }, backend: Backend): Out<'add'> => {
    const b = gpu(backend);
    const ct: ComputeType = def.out === 'bool' ? commonCompute(x.dtype, y.dtype) : computeType(attrs.outDType);
    const expr = wgslOf(name, ct, BINARY_WGSL[name]);
    const out = runMap(b, {
      op: name,
      inputs: [x, y],
      names: AB,
      cts: ct === 'f32' ? CT_F32_2 : CT_I32_2,
      shape: attrs.shape,
      outDType: attrs.outDType,
      expr,
      ct,
      store: attrs.outDType === 'bool' ? boolStore(expr) : undefined,
      keys,
    });
    return b.result(out, attrs.shape);
  };
}

const whereKeys: MapKeyCache = new Map();
const castKeys: MapKeyCache = new Map();

export function whereKernel(
  [c, x, y]: [TensorInfo, TensorInfo, TensorInfo],
  attrs: { outDType: DType; shape: number[] },
  backend: Backend,
): Out<'where'> {
  const b = gpu(backend);
  const ct = computeType(attrs.outDType);
  const out = runMap(b, {
    op: 'where',
    inputs: [c, x, y],
    names: COND_XY,
    cts: ['i32', ct, ct],
    shape: attrs.shape,
    outDType: attrs.outDType,
    expr: 'select(y, x, cond != 0)',
    ct,
    keys: whereKeys,
  });
  return b.result(out, attrs.shape);
}

export function clampKernel([x]: [TensorInfo], attrs: KernelSignatures['clamp']['attrs'], backend: Backend): Out<'clamp'> {
  const b = gpu(backend);
  const ct = computeType(attrs.outDType);
  const extras: number[] = [];
  let expr = 'x';
  const bound = (v: number) => {
    extras.push(computeBits(v, ct));
    return ct === 'f32' ? `bitcast<f32>($${extras.length - 1})` : `$${extras.length - 1}`;
  };
  if (attrs.min !== null) expr = `max(${expr}, ${bound(attrs.min)})`;
  if (attrs.max !== null) expr = `min(${expr}, ${bound(attrs.max)})`;
  if (ct === 'f32') expr = `select(${expr}, x, isnan_(x))`;
  const out = runMap(b, { op: 'clamp', inputs: [x], names: ['x'], cts: [ct], shape: x.shape, outDType: attrs.outDType, expr, ct, extras });
  return b.result(out, x.shape);
}

export function castKernel([x]: [TensorInfo], attrs: { dtype: DType }, backend: Backend, op = 'cast'): Out<'cast'> {
  const b = gpu(backend);
  const n = numelOf(x.shape);
  // the same stored values: a buffer copy when the view is flat
  const same = attrs.dtype === x.dtype || (x.dtype === 'bool' && attrs.dtype === 'uint8');
  const off = same ? flatOffset(x) : null;
  if (off !== null) {
    const out = b.output(n, attrs.dtype, op);
    b.copy(op, gpuData(x.dataId), off, out, 0, n);
    return b.result(out, x.shape);
  }
  const ct = computeType(x.dtype);
  const out = runMap(b, { op, inputs: [x], names: X, cts: cts1(ct), shape: x.shape, outDType: attrs.dtype, expr: 'x', ct, keys: castKeys });
  return b.result(out, x.shape);
}

export function copyKernel([x]: [TensorInfo], _attrs: object, backend: Backend): Out<'copy'> {
  return castKernel([x], { dtype: x.dtype }, backend, 'copy');
}

export function assignKernel([dst, src]: [TensorInfo, TensorInfo], _attrs: object, backend: Backend): void {
  const b = gpu(backend);
  const d = gpuData(dst.dataId);
  d.host = undefined;
  const n = numelOf(dst.shape);
  const dOff = flatOffset(dst);
  const sOff = flatOffset(src);
  if (dOff !== null && sOff !== null && src.dtype === dst.dtype) {
    b.copy('assign', gpuData(src.dataId), sOff, d, dOff, n);
    return;
  }
  const ct = computeType(src.dtype);
  runMap(b, { op: 'assign', inputs: [src], names: ['x'], cts: [ct], shape: dst.shape, outDType: dst.dtype, dst, expr: 'x', ct });
}

export function fillKernel(_: [], attrs: KernelSignatures['fill']['attrs'], backend: Backend): Out<'fill'> {
  const b = gpu(backend);
  const n = numelOf(attrs.shape);
  const bits = scalarBits(attrs.value, attrs.dtype);
  if (bits === 0) return b.result(b.allocate(n, attrs.dtype) as GpuData, attrs.shape);
  const st = storeType(attrs.dtype);
  const out = runMap(b, {
    op: 'fill',
    inputs: [],
    names: [],
    cts: [],
    shape: attrs.shape,
    outDType: attrs.dtype,
    expr: '0',
    ct: 'i32',
    store: st === 'i32' ? '$0' : `bitcast<${st}>($0)`,
    extras: [bits],
  });
  return b.result(out, attrs.shape);
}
