import type { DType } from '../dtype.js';
import type { BinaryOpName, UnaryOpName } from './elementwise-table.js';
import { BINARY_OPS, UNARY_OPS } from './elementwise-table.js';
import type { Conv2dAttrs, NllAttrs, Pool2dAttrs } from './signatures.js';

/** Attributes of the elementwise table ops as recorded (none: the inputs say everything). */
type TableOpAttrs = { [K in UnaryOpName | BinaryOpName]: Record<string, never> };

/**
 * Every op this package records through `apply` (so autograd sees it), with the attributes it
 * records. `@torchlet/autograd` registers gradient formulas against these names and types.
 */
export interface RecordedOps extends TableOpAttrs {
  clamp: { min: number | null; max: number | null };
  /** cond ? x : y; the condition is not differentiable */
  where: Record<string, never>;
  /** `dtype` is the input's dtype (the gradient is cast back to it) */
  cast: { dtype: DType };
  /** `device` is the input's device (the gradient is moved back to it) */
  to: { device: string };
  /** `shape` is the input's shape; `op` the method that asked for the view */
  view: { shape: number[]; op: string };
  clone: Record<string, never>;
  permute: { dims: number[] };
  /** `shape` is the input's shape */
  expand: { shape: number[] };
  slice: { dim: number; start: number; step: number; length: number; inputShape: number[] };
  cat: { dim: number; sizes: number[] };
  sum: { dims: number[]; keepdim: boolean };
  prod: { dims: number[]; keepdim: boolean };
  max: { dims: number[]; keepdim: boolean };
  min: { dims: number[]; keepdim: boolean };
  gather: { dim: number };
  scatterAdd: { dim: number };
  indexSelect: { dim: number };
  indexAdd: { dim: number };
  matmul: Record<string, never>;
  conv2d: Conv2dAttrs;
  conv2dBackpropInput: Conv2dAttrs & { inputShape: number[] };
  conv2dBackpropFilter: Conv2dAttrs & { weightShape: number[] };
  /** int32 window indices: recorded for tracing, never differentiated */
  maxPool2dIndices: Pool2dAttrs;
  softmax: { dim: number };
  logSoftmax: { dim: number };
  nllLoss: NllAttrs;
}

/** The name of an op this package records. */
export type RecordedOpName = keyof RecordedOps;

/** Whether each non-table recorded op has a gradient (the compiler checks this lists every one). */
const OTHER_OPS = {
  clamp: true,
  where: true,
  cast: true,
  to: true,
  view: true,
  clone: true,
  permute: true,
  expand: true,
  slice: true,
  cat: true,
  sum: true,
  prod: true,
  max: true,
  min: true,
  gather: true,
  scatterAdd: true,
  indexSelect: true,
  indexAdd: true,
  matmul: true,
  conv2d: true,
  conv2dBackpropInput: true,
  conv2dBackpropFilter: true,
  maxPool2dIndices: false,
  softmax: true,
  logSoftmax: true,
  nllLoss: true,
} as const satisfies Record<Exclude<RecordedOpName, UnaryOpName | BinaryOpName>, boolean>;

/**
 * Every op this package records, and whether it is differentiable (has float outputs that
 * need a gradient formula): table ops with a bool result and integer index ops are not.
 * @example listRecordedOps().filter((o) => o.differentiable).map((o) => o.name)
 */
export function listRecordedOps(): { name: RecordedOpName; differentiable: boolean }[] {
  const table = [...Object.entries(UNARY_OPS), ...Object.entries(BINARY_OPS)].map(([name, d]) => ({ name: name as RecordedOpName, differentiable: d.out !== 'bool' }));
  const other = Object.entries(OTHER_OPS).map(([name, differentiable]) => ({ name: name as RecordedOpName, differentiable }));
  return [...table, ...other];
}
