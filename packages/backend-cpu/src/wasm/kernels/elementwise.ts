import type { Backend, BinaryOpName, DType, KernelResult, TensorInfo, UnaryOpName } from '@torchlet/tensor';
import { numelOf } from '@torchlet/tensor';
import { BINARY_F32, emitElementwise, UNARY_F32 } from '../gen/elementwise.js';
import { planBlocks } from '../layout.js';
import type { WasmCpuBackend } from '../wasm-backend.js';

type Fallback<I extends TensorInfo[], A> = (inputs: I, attrs: A, backend: Backend) => KernelResult;

/** Run a planned elementwise op over float32 inputs; null when the layout needs the fallback. */
function runBlocks(b: WasmCpuBackend, key: string, op: Parameters<typeof emitElementwise>[3], inputs: readonly TensorInfo[], shape: readonly number[]): KernelResult | null {
  const plan = planBlocks(shape, inputs.map((x) => x.strides), inputs.map((x) => x.offset));
  if (!plan) return null;
  const n = numelOf(shape);
  const out = b.allocUninit(n, 'float32');
  if (n > 0) {
    const name = plan.lanes.join('');
    const fn = b.rt.module<Record<string, (...a: number[]) => void>>(`${key}:${name}`, (m) => emitElementwise(m, name, plan.lanes, op, b.rt.fma))[name]!;
    const base = inputs.map((x) => b.ptr(x.dataId, 0));
    const o = out.h.ptr;
    const rs = plan.rowStrides.map((s) => s * 4);
    for (const blk of plan.blocks) {
      if (inputs.length === 1) fn(o + blk.out * 4, base[0]! + blk.ins[0]! * 4, plan.rows, plan.cols, rs[0]!);
      else fn(o + blk.out * 4, base[0]! + blk.ins[0]! * 4, base[1]! + blk.ins[1]! * 4, plan.rows, plan.cols, rs[0]!, rs[1]!);
    }
  }
  return { dataId: out, shape, dtype: 'float32' };
}

export function wasmUnaryKernel(name: UnaryOpName, fallback: Fallback<[TensorInfo], { outDType: DType }>) {
  const op = UNARY_F32[name];
  if (!op) return fallback;
  return ([x]: [TensorInfo], attrs: { outDType: DType }, backend: Backend): KernelResult => {
    if (x.dtype !== 'float32' || attrs.outDType !== 'float32') return fallback([x], attrs, backend);
    const b = backend as WasmCpuBackend;
    try {
      return runBlocks(b, `u:${name}`, op, [x], x.shape) ?? fallback([x], attrs, backend);
    } finally {
      b.endKernel();
    }
  };
}

export function wasmBinaryKernel(name: BinaryOpName, fallback: Fallback<[TensorInfo, TensorInfo], { outDType: DType; shape: number[] }>) {
  const op = BINARY_F32[name];
  if (!op) return fallback;
  return (inputs: [TensorInfo, TensorInfo], attrs: { outDType: DType; shape: number[] }, backend: Backend): KernelResult => {
    const [x, y] = inputs;
    if (x.dtype !== 'float32' || y.dtype !== 'float32' || attrs.outDType !== 'float32') return fallback(inputs, attrs, backend);
    const b = backend as WasmCpuBackend;
    try {
      return runBlocks(b, `b:${name}`, op, inputs, attrs.shape) ?? fallback(inputs, attrs, backend);
    } finally {
      b.endKernel();
    }
  };
}
