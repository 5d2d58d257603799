import type { DType } from '../dtype.js';
import type { BinaryOpName, UnaryOpName } from './elementwise-table.js';
import { BINARY_OPS, UNARY_OPS } from './elementwise-table.js';
import type { Conv2dAttrs, NllAttrs, Pool2dAttrs } from './signatures.js';

/**
 * Every op this package records through `apply` (so autograd sees it), with the attributes it
 * records. `@torchlet/autograd` registers gradient formulas against these names and types.
 * The elementwise table ops (`UNARY_OPS`, `BINARY_OPS`) record no attributes: the inputs say
 * everything.
 */
export type RecordedOps = { [K in UnaryOpName | BinaryOpName]: Record<string, never> } & {
  /** `clamp(x, min, max)`: the bounds, `null` where that side is unbounded. */
  clamp: {
    /** Lower bound, or `null` for none. */
    min: number | null;
    /** Upper bound, or `null` for none. */
    max: number | null;
  };
  /** cond ? x : y; the condition is not differentiable */
  where: Record<string, never>;
  /** `dtype` is the input's dtype (the gradient is cast back to it) */
  cast: {
    /** The input's dtype. */
    dtype: DType;
  };
  /** `device` is the input's device (the gradient is moved back to it) */
  to: {
    /** The input's device (backend name). */
    device: string;
  };
  /** `shape` is the input's shape; `op` the method that asked for the view */
  view: {
    /** The input's shape. */
    shape: number[];
    /** The method that made the view (`view`, `reshape`, `unsqueeze`, ...). */
    op: string;
  };
  /** `clone(x)`: a contiguous copy; no attributes. */
  clone: Record<string, never>;
  /** `permute(x, dims)`: the output's dimension order. */
  permute: {
    /** Input dimension of each output dimension. */
    dims: number[];
  };
  /** `shape` is the input's shape */
  expand: {
    /** The input's shape. */
    shape: number[];
  };
  /** A strided slice along one dimension (`slice`, `narrow`, `select`). */
  slice: {
    /** The sliced dimension. */
    dim: number;
    /** First index taken. */
    start: number;
    /** Step between indices taken. */
    step: number;
    /** Number of indices taken. */
    length: number;
    /** The input's shape. */
    inputShape: number[];
  };
  /** `cat(xs, dim)`: the inputs' sizes along `dim`, in order. */
  cat: {
    /** The concatenated dimension. */
    dim: number;
    /** Each input's size along `dim`. */
    sizes: number[];
  };
  /** Sum over `dims`. */
  sum: {
    /** The reduced dimensions (non-negative). */
    dims: number[];
    /** Whether the reduced dimensions are kept with size 1. */
    keepdim: boolean;
  };
  /** Product over `dims`. */
  prod: {
    /** The reduced dimensions (non-negative). */
    dims: number[];
    /** Whether the reduced dimensions are kept with size 1. */
    keepdim: boolean;
  };
  /** Maximum over `dims`. */
  max: {
    /** The reduced dimensions (non-negative). */
    dims: number[];
    /** Whether the reduced dimensions are kept with size 1. */
    keepdim: boolean;
  };
  /** Minimum over `dims`. */
  min: {
    /** The reduced dimensions (non-negative). */
    dims: number[];
    /** Whether the reduced dimensions are kept with size 1. */
    keepdim: boolean;
  };
  /** `gather(x, dim, index)`. */
  gather: {
    /** The gathered dimension. */
    dim: number;
  };
  /** `scatterAdd(x, dim, index, src)`. */
  scatterAdd: {
    /** The scattered dimension. */
    dim: number;
  };
  /** `indexSelect(x, dim, index)`. */
  indexSelect: {
    /** The indexed dimension. */
    dim: number;
  };
  /** `indexAdd(x, dim, index, src)`. */
  indexAdd: {
    /** The indexed dimension. */
    dim: number;
  };
  /** `matmul(a, b)`; no attributes. */
  matmul: Record<string, never>;
  /** 2-D convolution, with its stride, padding, dilation and groups. */
  conv2d: Conv2dAttrs;
  /** The convolution's gradient with respect to its input. */
  conv2dBackpropInput: Conv2dAttrs & {
    /** The convolution input's shape. */
    inputShape: number[];
  };
  /** The convolution's gradient with respect to its weight. */
  conv2dBackpropFilter: Conv2dAttrs & {
    /** The weight's shape. */
    weightShape: number[];
  };
  /** int32 window indices: recorded for tracing, never differentiated */
  maxPool2dIndices: Pool2dAttrs;
  /** Softmax along `dim`. */
  softmax: {
    /** The normalized dimension. */
    dim: number;
  };
  /** Log-softmax along `dim`. */
  logSoftmax: {
    /** The normalized dimension. */
    dim: number;
  };
  /** Negative log-likelihood loss, with its reduction and ignored target value. */
  nllLoss: NllAttrs;
};

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
export function listRecordedOps(): {
  /** The op's name. */
  name: RecordedOpName;
  /** Whether it has float outputs that need a gradient formula. */
  differentiable: boolean;
}[] {
  const table = [...Object.entries(UNARY_OPS), ...Object.entries(BINARY_OPS)].map(([name, d]) => ({
    name: name as RecordedOpName,
    differentiable: d.out !== 'bool',
  }));
  const other = Object.entries(OTHER_OPS).map(([name, differentiable]) => ({ name: name as RecordedOpName, differentiable }));
  return [...table, ...other];
}
