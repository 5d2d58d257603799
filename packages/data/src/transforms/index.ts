export { type Transform, type TransformFn, type TransformSpec, specOf } from './transform.js';
export { toTensor } from './to-tensor.js';
export { normalize } from './normalize.js';
export { compose, lambda } from './compose.js';
export { byteLookupTables } from './lookup.js';
