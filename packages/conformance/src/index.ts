export { runConformance, type ConformanceOptions, type ConformancePart } from './run.js';
export { opsFixture, OP_FIXTURES } from './fixtures.js';
export { OP_TABLE, type OpFn } from './op-table.js';
export { buildInput, fromRecord, recordArray, decodeNumber } from './build.js';
export { mismatch, excess, defaultTolerance, type Tolerance } from './compare.js';
export { hash32, genArray, sampleIndex, unpack, type GenSpec, type GenKind } from './generate.js';
export type { DeclaredTolerance, ToleranceTable, CheckContext } from './tolerance.js';
export { checkForward, checkGradients, checkGradcheck, checkDouble, isSmallCase, isSmoothCase, ConformanceMismatch } from './op-cases.js';
export type * from './fixture-types.js';
