/**
 * `@torchlet/tensor/internal`: what Torchlet's own packages need of Tensor internals (autograd's
 * graph bookkeeping, scopes, storage access, host wrapping). Not part of the public API: it may
 * change in any release, and its declarations are not in the main entry's types. At run time it
 * is the main entry's module (package.json maps it to dist/index.js, which exports these too).
 * @packageDocumentation
 */
export { setGradOutput, outputIndexOf, aliasOf, ownsStorage, storageOf } from './tensor.js';
export { openScope, closeScope, untrack, scopeDepth } from './scope.js';
export { fromHost, scalarTensor } from './ops/host.js';
export { makeView, contiguousCopy } from './ops/views.js';
export { checkIndex } from './checks.js';
export { _useAsyncLocalStorage } from './async-context.js';
