export { runConformance, type ConformanceOptions } from './run.js';
export { opsFixture } from './fixtures.js';
export { OP_TABLE, type OpFn } from './op-table.js';
export { buildInput, fromRecord, recordArray, decodeNumber } from './build.js';
export { mismatch, defaultTolerance, type Tolerance } from './compare.js';
export { checkForward, checkGradients, checkGradcheck, checkDouble, ConformanceMismatch } from './op-cases.js';
export type * from './fixture-types.js';
