/**
 * `@torchlet/tensor/backend`: the backend contract on its own, for backend packages and custom
 * backends. Storage (`Backend`), what kernels see and return (`TensorInfo`, `KernelResult`),
 * every kernel's signature (`KernelSignatures`, `KernelFn`), the registries, the elementwise
 * table ops and the typed errors. A backend imports this, never autograd. At run time it is the
 * main entry's module (package.json maps it to dist/index.js); only the types are narrower.
 * @example
 * import { registerBackend, registerKernel, type Backend } from '@torchlet/tensor/backend';
 * registerKernel('exp', 'my-backend', ([x], { outDType }, backend) => myExp(x, outDType, backend));
 * @packageDocumentation
 */
export type { Backend, DataId, TensorInfo, KernelResult, MemoryInfo } from './backend.js';
export type { DType, TypedArray } from './dtype.js';
export * from './errors.js';
export { registerKernel, getKernel, hasKernel, listKernels, unregisterKernels } from './kernels.js';
export { registerBackend, removeBackend, type BackendFactory } from './registry.js';
export type {
  KernelName,
  KernelSignatures,
  KernelFn,
  Conv2dAttrs,
  Pool2dAttrs,
  CompositeSignatures,
  CompositeName,
  NllAttrs,
  SgdAttrs,
  AdamAttrs,
} from './ops/signatures.js';
export {
  elementwiseKernels,
  isCompositeKernel,
  reductionKernels,
  registerKernels,
  reducedShape,
  type ElementwiseKernels,
  type KernelTable,
  type PartialKernelTable,
  type PrimitiveKernelName,
  type ReductionKernels,
  type ValueReduceName,
  type ArgReduceName,
  type ReduceAttrs,
} from './kernel-table.js';
export {
  UNARY_OPS,
  BINARY_OPS,
  type UnaryOpName,
  type BinaryOpName,
  type UnaryOpDef,
  type BinaryOpDef,
  type OutRule,
} from './ops/elementwise-table.js';
