import './disposable.js';
export * from './errors.js';
export * from './dtype.js';
export {
  type Shape,
  numelOf,
  contiguousStrides,
  isContiguous,
  broadcastShapes,
  broadcastStrides,
  normalizeDim,
  normalizeDims,
  shapeStr,
  shapesEqual,
  viewStrides,
} from './shape.js';
// the backend contract (also `@torchlet/tensor/backend` on its own)
export * from './contract.js';
export {
  listBackends,
  getBackend,
  hasBackend,
  initBackend,
  setBackend,
  currentBackendName,
  ready,
  resetRegistry,
  setBackendNotice,
} from './registry.js';
export {
  installAutograd,
  getAutogradEngine,
  isGradEnabled,
  setGradEnabled,
  withGradMode,
  type AutogradEngine,
  type BackwardOptions,
} from './autograd-slot.js';
export { listRecordedOps, type RecordedOps, type RecordedOpName } from './ops/recorded.js';
export { apply, runKernel, runInPlaceKernel, hasFused, backendOf, type InPlaceKernelName } from './dispatch.js';
export { wrapResult } from './tensor.js';
export { withTracer, tracing, type OpTracer } from './trace.js';
export { Storage } from './storage.js';
export { scope, untrack, collectTensors } from './scope.js';
export { ContextVar, hasAsyncContext } from './async-context.js';
export { checkLeaks, type LeakReport, type LiveTensor } from './leaks.js';
export { Tensor } from './methods.js';
export type { NestedArray, GradFn, ReduceOptions, VarOptions } from './tensor.js';
export type { TensorMethods } from './tensor-methods.js';
export type { TableOpMethods } from './generated/table-ops.js';
export { isTensor, assertTensor, describeValue } from './checks.js';
export { Generator, defaultGenerator, manualSeed, randpermArray } from './random.js';
export { formatTensor, printOptions, setPrintOptions } from './format.js';
export * from './ops/creation.js';
export { type Scalar, type TensorLike, unary, binary, add, sub, where, clamp, cast, pow } from './ops/elementwise.js';
export * from './generated/table-ops.js';
export { sum, mean, prod, amax, amin, argmax, argmin, variance as var, std, logsumexp, reduceDims } from './ops/reduce.js';
export {
  view,
  reshape,
  detach,
  clone,
  contiguous,
  permute,
  transpose,
  t,
  squeeze,
  unsqueeze,
  flatten,
  unflatten,
  expand,
  slice as sliceDim,
  narrow,
  select,
} from './ops/views.js';
export {
  gather,
  scatterAdd,
  indexSelect,
  indexAdd,
  index,
  nonzero,
  maskedSelect,
  Slice,
  slice_ as slice,
  type IndexSpec,
} from './ops/indexing.js';
export { cat, stack, split, chunk, unbind } from './ops/join.js';
export { matmul, mm, bmm, dot } from './ops/linalg.js';
export { softmax, logSoftmax, softmaxBackward, logSoftmaxBackward } from './ops/activation.js';
export { nllLoss2d, nllLossBackward } from './ops/loss.js';
export { memory } from './memory.js';
export { checkOptions } from './options.js';
export { snakeCase } from './naming.js';
export { parseToTarget, type ToTarget } from './to-target.js';
export {
  conv2d,
  conv2dBackpropInput,
  conv2dBackpropFilter,
  conv2dOutputSize,
  pool2dOutputSize,
  maxPool2d,
  avgPool2d,
  pad2d,
  type Pair,
  toPair,
  type Conv2dOptions,
  type Pool2dOptions,
  type AvgPool2dOptions,
} from './ops/conv.js';

/** @internal the internal API, for the one JavaScript bundle; its types are in @torchlet/tensor/internal */
export {
  setGradOutput,
  outputIndexOf,
  aliasOf,
  ownsStorage,
  storageOf,
  openScope,
  closeScope,
  scopeDepth,
  fromHost,
  scalarTensor,
  makeView,
  contiguousCopy,
  checkIndex,
  _useAsyncLocalStorage,
} from './internal.js';
