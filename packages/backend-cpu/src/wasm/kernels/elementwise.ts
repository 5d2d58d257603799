import type { Backend, BinaryOpName, DType, KernelResult, TensorInfo, UnaryOpName } from '@torchlet/tensor';
import { bytesPerElement, numelOf } from '@torchlet/tensor';
import {
  BINARY_F32,
  BINARY_MASK,
  emitElementwise,
  specKey,
  UNARY_F32,
  UNARY_MASK,
  type ElemType,
  type ElementwiseSpec,
  type Lane,
  type VecOp,
} from '../gen/elementwise.js';
import { planBlocks, planDense, type BlockPlan } from '../layout.js';
import type { WasmCpuBackend, WasmData } from '../wasm-backend.js';

type Fallback<I extends TensorInfo[], A> = (inputs: I, attrs: A, backend: Backend) => KernelResult;
type LoopFn = (...a: number[]) => void;

/** up to this many elements (in JavaScript arrays), elementwise ops run the JavaScript kernels */
const TINY = 64;
/** work of one element, in the thread pool's unit (a gemm flop), for the threading threshold */
const EW_FLOPS_PER_ELEMENT = 8;
/** the smallest share of a dense run worth a thread */
const PAR_CHUNK = 1 << 16;

const ELEM: Partial<Record<DType, ElemType>> = { float32: 'f32', int32: 'i32', uint8: 'u8', bool: 'u8' };
const TYPE_CODE: Record<ElemType, number> = { f32: 0, i32: 1, u8: 2 };

/** ops whose result depends only on whether inputs are zero: exact on int32 read as float32 */
const ZERO_TESTS = new Set(['logicalNot', 'logicalAnd', 'logicalOr']);

/**
 * The element types the SIMD loop reads, or null when the op must run in JavaScript. Float32
 * lanes hold bool and uint8 values exactly; int32 is converted to float32 exactly as PyTorch
 * does when the op computes in float32 (a float32 result or operand), but an int32 comparison
 * stays exact in JavaScript.
 */
function inputTypes(name: string, inputs: readonly TensorInfo[], outDType: DType): ElemType[] | null {
  const types: ElemType[] = [];
  let i32 = false;
  let f32 = false;
  for (const x of inputs) {
    const t = ELEM[x.dtype];
    if (!t) return null;
    if (t === 'i32') i32 = true;
    if (t === 'f32') f32 = true;
    types.push(t);
  }
  if (i32 && outDType !== 'float32' && !f32 && !ZERO_TESTS.has(name)) return null;
  return types;
}

/**
 * One elementwise op's compiled loops, by layout and types (a small integer: lane and type of
 * each input, output kind), so the hot path builds no strings.
 */
/** A compiled loop, with where it lives (the thread pool calls it by module key and export). */
interface Loop {
  readonly fn: LoopFn;
  readonly moduleKey: string;
  readonly exportName: string;
}

class Loops {
  private readonly loops = new Map<number, Loop>();
  constructor(
    private readonly name: string,
    private readonly op: VecOp,
  ) {}
  get(b: WasmCpuBackend, lanes: readonly Lane[], types: readonly ElemType[], out: 'f32' | 'u8'): Loop {
    let code = out === 'u8' ? 1 : 0;
    for (let j = 0; j < lanes.length; j++) code = code * 8 + (lanes[j] === 's' ? 4 : 0) + TYPE_CODE[types[j]!];
    let loop = this.loops.get(code);
    if (!loop) {
      const spec: ElementwiseSpec = { lanes, inTypes: types, out };
      const exportName = specKey(spec);
      const moduleKey = `ew:${this.name}:${exportName}`;
      const fn = b.rt.module<Record<string, LoopFn>>(moduleKey, (m) => emitElementwise(m, exportName, spec, this.op, b.rt.fma))[
        exportName
      ]!;
      loop = { fn, moduleKey, exportName };
      this.loops.set(code, loop);
    }
    return loop;
  }
}

/**
 * One dense run of `n` elements, split into chunks of whole vectors over the thread pool when it
 * is large enough to pay for the hand-off; false when it is not (the caller runs it here).
 */
function runThreaded(
  b: WasmCpuBackend,
  loop: Loop,
  plan: BlockPlan,
  px: number,
  py: number,
  inputs: readonly TensorInfo[],
  o: number,
  ob: number,
  n: number,
): boolean {
  const parts = b.threadsFor(n * EW_FLOPS_PER_ELEMENT, Math.floor(n / PAR_CHUNK));
  if (parts < 2) return false;
  const per = Math.ceil(n / parts / 8) * 8;
  const argLists: number[][] = [];
  for (let s0 = 0; s0 < n; s0 += per) {
    const args = [o + s0 * ob];
    inputs.forEach((x, j) => {
      args.push((j === 0 ? px : py) + (plan.blocks[0]!.ins[j]! + (plan.lanes[j] === 'v' ? s0 : 0)) * bytesPerElement(x.dtype));
    });
    args.push(1, Math.min(per, n - s0), ...inputs.map(() => 0));
    argLists.push(args);
  }
  b.parallel(loop.moduleKey, loop.exportName, argLists, loop.fn);
  return true;
}

/** Run a planned elementwise op; null when the layout needs the fallback. */
function runBlocks(
  b: WasmCpuBackend,
  loops: Loops,
  inputs: readonly TensorInfo[],
  types: ElemType[],
  shape: readonly number[],
  outDType: 'float32' | 'bool',
): KernelResult | null {
  const plan =
    planDense(shape, inputs) ??
    planBlocks(
      shape,
      inputs.map((x) => x.strides),
      inputs.map((x) => x.offset),
    );
  if (!plan) return null;
  const n = numelOf(shape);
  const out = b.allocUninit(n, outDType);
  if (n > 0) {
    const loop = loops.get(b, plan.lanes, types, outDType === 'float32' ? 'f32' : 'u8');
    const fn = loop.fn;
    const ob = outDType === 'float32' ? 4 : 1;
    const o = out.h.ptr;
    const x = inputs[0]!;
    const bx = bytesPerElement(x.dtype);
    const px = b.ptr(x.dataId as WasmData, 0);
    const py = inputs.length > 1 ? b.ptr(inputs[1]!.dataId as WasmData, 0) : 0;
    if (inputs.length < 3 && plan.rows === 1 && plan.blocks.length === 1 && runThreaded(b, loop, plan, px, py, inputs, o, ob, n)) {
      return { dataId: out, shape, dtype: outDType };
    }
    if (inputs.length === 1) {
      for (const blk of plan.blocks) fn(o + blk.out * ob, px + blk.ins[0]! * bx, plan.rows, plan.cols, plan.rowStrides[0]! * bx);
    } else if (inputs.length === 3) {
      const [y, z] = [inputs[1]!, inputs[2]!];
      const [by, bz] = [bytesPerElement(y.dtype), bytesPerElement(z.dtype)];
      const pz = b.ptr(z.dataId as WasmData, 0);
      const rs = plan.rowStrides;
      for (const blk of plan.blocks)
        fn(
          o + blk.out * ob,
          px + blk.ins[0]! * bx,
          py + blk.ins[1]! * by,
          pz + blk.ins[2]! * bz,
          plan.rows,
          plan.cols,
          rs[0]! * bx,
          rs[1]! * by,
          rs[2]! * bz,
        );
    } else {
      const y = inputs[1]!;
      const by = bytesPerElement(y.dtype);
      for (const blk of plan.blocks)
        fn(
          o + blk.out * ob,
          px + blk.ins[0]! * bx,
          py + blk.ins[1]! * by,
          plan.rows,
          plan.cols,
          plan.rowStrides[0]! * bx,
          plan.rowStrides[1]! * by,
        );
    }
  }
  return { dataId: out, shape, dtype: outDType };
}

function simdKernel<I extends TensorInfo[], A extends { outDType: DType }>(
  name: string,
  f32: VecOp | undefined,
  mask: VecOp | undefined,
  shapeOf: (inputs: I, attrs: A) => readonly number[],
  fallback: Fallback<I, A>,
  typesOf: (name: string, inputs: readonly TensorInfo[], outDType: DType) => ElemType[] | null = inputTypes,
) {
  if (!f32 && !mask) return fallback;
  const f32Loops = f32 && new Loops(name, f32);
  const maskLoops = mask && new Loops(name, mask);
  return (inputs: I, attrs: A, backend: Backend): KernelResult => {
    const loops = attrs.outDType === 'float32' ? f32Loops : attrs.outDType === 'bool' ? maskLoops : undefined;
    const types = loops ? typesOf(name, inputs, attrs.outDType) : null;
    if (!loops || !types) return fallback(inputs, attrs, backend);
    const b = backend as WasmCpuBackend;
    // a few elements of JavaScript arrays: a JavaScript loop costs less than the trip into WebAssembly
    const shape = shapeOf(inputs, attrs);
    if (numelOf(shape) <= TINY && inputs.every((x) => !(x.dataId as WasmData).h.resident)) return fallback(inputs, attrs, backend);
    try {
      return runBlocks(b, loops, inputs, types, shape, attrs.outDType as 'float32' | 'bool') ?? fallback(inputs, attrs, backend);
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

/**
 * where(cond, x, y) on float32 values with a bool (or uint8) condition: a lane-wise select, so
 * NaNs and signed zeros pass through bit for bit. Other dtypes run the JavaScript kernel.
 */
export function wasmWhereKernel(fallback: Fallback<[TensorInfo, TensorInfo, TensorInfo], { outDType: DType; shape: number[] }>) {
  const select: VecOp = ({ f }, [c, x, y]) => f.v128Bitselect(f.get(x!), f.get(y!), f.f32x4Ne(f.get(c!), f.f32x4Const(0)));
  const u8f32f32: ElemType[] = ['u8', 'f32', 'f32'];
  const types = (_: string, [c, x, y]: readonly TensorInfo[], outDType: DType): ElemType[] | null =>
    outDType === 'float32' && (c!.dtype === 'bool' || c!.dtype === 'uint8') && x!.dtype === 'float32' && y!.dtype === 'float32'
      ? u8f32f32
      : null;
  return simdKernel('where', select, undefined, (_, a) => a.shape, fallback, types);
}
