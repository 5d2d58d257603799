import type { Backend, BinaryOpName, DType, KernelResult, TensorInfo, UnaryOpName } from '@torchlet/tensor';
import { bytesPerElement, numelOf } from '@torchlet/tensor';
import { BINARY_F32, BINARY_MASK, emitElementwise, specKey, UNARY_F32, UNARY_MASK, type ElemType, type ElementwiseSpec, type VecOp } from '../gen/elementwise.js';
import { planBlocks } from '../layout.js';
import type { WasmCpuBackend } from '../wasm-backend.js';

type Fallback<I extends TensorInfo[], A> = (inputs: I, attrs: A, backend: Backend) => KernelResult;

const ELEM: Partial<Record<DType, ElemType>> = { float32: 'f32', int32: 'i32', uint8: 'u8', bool: 'u8' };

/** ops whose result depends only on whether inputs are zero: exact on int32 read as float32 */
const ZERO_TESTS = new Set(['logicalNot', 'logicalAnd', 'logicalOr']);

/**
 * The element types the SIMD loop reads, or null when the op must run in JavaScript. Float32
 * lanes hold bool and uint8 values exactly; int32 is converted to float32 exactly as PyTorch
 * does when the op computes in float32 (a float32 result or operand), but an int32 comparison
 * stays exact in JavaScript.
 */
function inputTypes(name: string, inputs: readonly TensorInfo[], outDType: DType): ElemType[] | null {
  const types = inputs.map((x) => ELEM[x.dtype]);
  if (types.some((t) => !t)) return null;
  if (types.includes('i32') && outDType !== 'float32' && !types.includes('f32') && !ZERO_TESTS.has(name)) return null;
  return types as ElemType[];
}

/** Run a planned elementwise op; null when the layout needs the fallback. */
function runBlocks(b: WasmCpuBackend, name: string, op: VecOp, inputs: readonly TensorInfo[], types: ElemType[], shape: readonly number[], outDType: 'float32' | 'bool'): KernelResult | null {
  const plan = planBlocks(shape, inputs.map((x) => x.strides), inputs.map((x) => x.offset));
  if (!plan) return null;
  const n = numelOf(shape);
  const out = b.allocUninit(n, outDType);
  if (n > 0) {
    const spec: ElementwiseSpec = { lanes: plan.lanes, inTypes: types, out: outDType === 'float32' ? 'f32' : 'u8' };
    const key = specKey(spec);
    const fn = b.rt.module<Record<string, (...a: number[]) => void>>(`ew:${name}:${key}`, (m) => emitElementwise(m, key, spec, op, b.rt.fma))[key]!;
    const bytes = inputs.map((x) => bytesPerElement(x.dtype));
    const base = inputs.map((x) => b.ptr(x.dataId, 0));
    const ob = bytesPerElement(outDType);
    const o = out.h.ptr;
    const rs = plan.rowStrides.map((s, j) => s * bytes[j]!);
    for (const blk of plan.blocks) {
      if (inputs.length === 1) fn(o + blk.out * ob, base[0]! + blk.ins[0]! * bytes[0]!, plan.rows, plan.cols, rs[0]!);
      else fn(o + blk.out * ob, base[0]! + blk.ins[0]! * bytes[0]!, base[1]! + blk.ins[1]! * bytes[1]!, plan.rows, plan.cols, rs[0]!, rs[1]!);
    }
  }
  return { dataId: out, shape, dtype: outDType };
}

function simdKernel<I extends TensorInfo[], A extends { outDType: DType }>(name: string, f32: VecOp | undefined, mask: VecOp | undefined, shapeOf: (inputs: I, attrs: A) => readonly number[], fallback: Fallback<I, A>) {
  if (!f32 && !mask) return fallback;
  return (inputs: I, attrs: A, backend: Backend): KernelResult => {
    const op = attrs.outDType === 'float32' ? f32 : attrs.outDType === 'bool' ? mask : undefined;
    const types = op ? inputTypes(name, inputs, attrs.outDType) : null;
    if (!op || !types) return fallback(inputs, attrs, backend);
    const b = backend as WasmCpuBackend;
    try {
      return runBlocks(b, name, op, inputs, types, shapeOf(inputs, attrs), attrs.outDType as 'float32' | 'bool') ?? fallback(inputs, attrs, backend);
    } finally {
      b.endKernel();
    }
  };
}

export function wasmUnaryKernel(name: UnaryOpName, fallback: Fallback<[TensorInfo], { outDType: DType }>) {
  return simdKernel(name, UNARY_F32[name], UNARY_MASK[name], ([x]) => x.shape, fallback);
}

export function wasmBinaryKernel(name: BinaryOpName, fallback: Fallback<[TensorInfo, TensorInfo], { outDType: DType; shape: number[] }>) {
  return simdKernel(name, BINARY_F32[name], BINARY_MASK[name], (_, a) => a.shape, fallback);
}
