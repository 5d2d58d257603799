/**
 * `@torchlet/tensor/internal`: what Torchlet's own packages need of Tensor internals (autograd's
 * graph bookkeeping, scopes, storage access, host wrapping). Not part of the public API: it may
 * change in any release, and its declarations are not in the main entry's types. It includes
 * the backend contract (`@torchlet/tensor/backend`), so the package builds into one chunk shared
 * by the main entry and one by all three entries, each imported by name (a bundler then has no
 * bare chunk import to warn about under `"sideEffects": false`).
 * @packageDocumentation
 */
export * from './contract.js';
export { setGradOutput, outputIndexOf, aliasOf, ownsStorage, storageOf } from './tensor.js';
export { openScope, closeScope, untrack, scopeDepth } from './scope.js';
export { fromHost, scalarTensor } from './ops/host.js';
export { makeView, contiguousCopy } from './ops/views.js';
export { checkIndex } from './checks.js';
export { _useAsyncLocalStorage } from './async-context.js';
