import type { Backend, KernelResult, TensorInfo } from './backend.js';
import type { CompositeName, KernelFn, KernelName, KernelSignatures } from './ops/signatures.js';
import { BINARY_OPS, UNARY_OPS, type BinaryOpName, type UnaryOpName } from './ops/elementwise-table.js';
import { registerKernel } from './kernels.js';

/** Kernels every complete backend implements: all but the fused composites. */
export type PrimitiveKernelName = Exclude<KernelName, CompositeName>;

/**
 * A complete backend's kernels as one record: every primitive kernel (a missing one is a compile
 * error where the record `satisfies KernelTable`), and any fused composites it has (the others run
 * their composition of primitives).
 */
export type KernelTable = { [K in PrimitiveKernelName]: KernelFn<K> } & { [K in CompositeName]?: KernelFn<K> };

/**
 * A partial backend's kernels: the ones it declares. Complete it explicitly before registering,
 * e.g. `{ ...cpuKernels(), ...mine }`, so that nothing is missing at run time by accident.
 */
export type PartialKernelTable = { [K in KernelName]?: KernelFn<K> };

/**
 * The fused composites, by name (the record makes the compiler check it lists every one): a
 * backend may implement them; one that does not runs their composition of primitive kernels.
 */
const COMPOSITES: { [K in CompositeName]: true } = {
  logSoftmax: true,
  softmax: true,
  logSoftmaxBackward: true,
  softmaxBackward: true,
  nllLoss: true,
  nllLossBackward: true,
  sgdStep: true,
  adamStep: true,
};

/** Whether a kernel name is a fused composite (optional for a backend) rather than a primitive. */
export function isCompositeKernel(name: string): name is CompositeName {
  return Object.hasOwn(COMPOSITES, name);
}

/** The elementwise table's kernels, one per unary and binary op, from a backend's kernel makers. */
export type ElementwiseKernels = { [K in UnaryOpName | BinaryOpName]: KernelFn<K> };

/** Build the kernel of every elementwise table op (`UNARY_OPS`, `BINARY_OPS`) with a backend's makers. */
export function elementwiseKernels(
  unary: (op: UnaryOpName) => KernelFn<UnaryOpName>,
  binary: (op: BinaryOpName) => KernelFn<BinaryOpName>,
): ElementwiseKernels {
  const out: Partial<Record<UnaryOpName | BinaryOpName, unknown>> = {};
  for (const op of Object.keys(UNARY_OPS) as UnaryOpName[]) out[op] = unary(op);
  for (const op of Object.keys(BINARY_OPS) as BinaryOpName[]) out[op] = binary(op);
  return out as ElementwiseKernels;
}

/** The value reductions. */
export type ValueReduceName = 'sum' | 'prod' | 'max' | 'min';
/** The arg-reductions (int32 indices). */
export type ArgReduceName = 'argmax' | 'argmin';
/** The six reduction kernels as one record (what `reductionKernels` builds). */
export type ReductionKernels = { [K in ValueReduceName | ArgReduceName]: KernelFn<K> };

/** Build the six reduction kernels with a backend's makers. */
export function reductionKernels(
  reduce: (op: ValueReduceName) => (inputs: [TensorInfo], attrs: ReduceAttrs, backend: Backend) => KernelResult,
  argReduce: (op: ArgReduceName) => (inputs: [TensorInfo], attrs: KernelSignatures['argmax']['attrs'], backend: Backend) => KernelResult,
): ReductionKernels {
  return {
    sum: reduce('sum'),
    prod: reduce('prod'),
    max: reduce('max'),
    min: reduce('min'),
    argmax: argReduce('argmax'),
    argmin: argReduce('argmin'),
  };
}

/** Register every kernel of a table under a backend name (in the table's key order). */
export function registerKernels(backendName: string, table: PartialKernelTable): void {
  for (const op of Object.keys(table) as KernelName[]) {
    const fn = table[op];
    // the record's type pairs each key with its own signature; the registry stores them untyped
    if (fn) registerKernel(op, backendName, fn as KernelFn<KernelName>);
  }
}

/** Attributes of the value reductions (`sum`, `prod`, `max`, `min`). */
export type ReduceAttrs = KernelSignatures['sum']['attrs'];

/** Output shape of reducing `dims` of `shape`: those dims become 1 with keepdim, else disappear. */
export function reducedShape(shape: readonly number[], dims: readonly number[], keepdim: boolean): number[] {
  return keepdim ? shape.map((s, d) => (dims.includes(d) ? 1 : s)) : shape.filter((_, d) => !dims.includes(d));
}
