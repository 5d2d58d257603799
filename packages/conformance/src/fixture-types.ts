import type { DType } from '@torchlet/tensor';
import type { GenSpec } from './generate.js';

/** JSON has no NaN or infinities, and readers may lose the sign of -0.0: those are strings */
export type JsonNumber = number | boolean | 'nan' | 'inf' | '-inf' | '-0';

/** Checksums and sampled elements standing in for a large tensor's values. */
export interface Digest {
  /** sums over finite elements: plain, absolute, weighted by digestWeight(i), absolute weighted */
  sum: number;
  /** Sum of the absolute values of the finite elements. */
  absSum: number;
  /** Sum of the finite elements, each weighted by digestWeight(i). */
  wsum: number;
  /** Sum of the absolute finite elements, each weighted by digestWeight(i). */
  wabsSum: number;
  /** Number of NaN elements. */
  nan: number;
  /** Number of +infinity elements. */
  posinf: number;
  /** Number of -infinity elements. */
  neginf: number;
  /** how many hashed positions sampleIndex() adds */
  count: number;
  /** the sampled elements, packed like `b64` */
  samples: string;
}

/**
 * A tensor's values: listed (`values`), packed little-endian bytes in base64 (`b64`), generated
 * from a seed (`gen`, inputs and gradOutputs) or, for expected results only, a `digest`.
 */
export interface TensorRecord {
  /** The tensor's shape. */
  shape: number[];
  /** The tensor's dtype. */
  dtype: DType;
  /** The values in row-major order, listed. */
  values?: JsonNumber[];
  /** The values as packed little-endian bytes in base64. */
  b64?: string;
  /** The values, generated from a seed (see {@link GenSpec}). */
  gen?: GenSpec;
  /** Checksums and samples standing in for the values (expected results only). */
  digest?: Digest;
}

/** How a fixture input is laid out in memory: contiguous, transposed storage, every other element of a wider tensor, a view at a storage offset, transposed at an offset, or dim 0 expanded from size 1 (stride 0). */
export type Layout = 'contiguous' | 'transposed' | 'strided' | 'offset' | 'offsetTransposed' | 'expanded';

/** A tensor input of a fixture case: its values, memory layout and whether it requires grad. */
export interface InputSpec extends TensorRecord {
  /**
   * how the input is laid out in memory (the values are the same, the strides differ):
   * transposed storage, every other element of a wider tensor, a view at a storage offset,
   * transposed storage at an offset, or dim 0 expanded from size 1 (stride 0)
   */
  layout: Layout;
  /** Whether the input requires grad (its gradient is checked). */
  requiresGrad: boolean;
}

/** An input of a fixture case: a tensor, or a plain number passed as a scalar operand. */
export type InputRecord =
  | InputSpec
  | {
      /** The number passed as the operand. */
      scalar: number;
    };

/** One op called with given inputs and keyword arguments in PyTorch 1.13, with its outputs and (for differentiable cases) the gradients of given output weights. */
export interface OpCase {
  /** Unique name of the case, shown in failures. */
  name: string;
  /** The op, a key of the conformance op table ('add', 'conv2d'). */
  op: string;
  /** The op's inputs, in order. */
  inputs: InputRecord[];
  /** Keyword arguments, in camelCase. */
  kwargs: Record<string, unknown>;
  /** Positional arguments after the inputs, where the op takes some. */
  positional?: unknown[];
  /** Expected outputs. */
  outputs: TensorRecord[];
  /** Weights of the outputs for the backward pass (null: the output gets no gradient). */
  gradOutputs?: (TensorRecord | null)[];
  /** Expected gradients, one per input (null where an input gets none). */
  grads?: (TensorRecord | null)[];
  /** The case's own absolute tolerance (with `reason`), overriding the default. */
  atol?: number;
  /** The case's own relative tolerance (with `reason`), overriding the default. */
  rtol?: number;
  /** why the case declares its own atol/rtol */
  reason?: string;
}

/** A double-backward case: first derivatives made with `createGraph`, then the derivative of their dot product with `vectors`, against PyTorch. */
export interface DoubleCase {
  /** Unique name of the case, shown in failures. */
  name: string;
  /** The op, a key of the conformance op table. */
  op: string;
  /** inputs that require grad are differentiated; index tensors and scalars are not */
  inputs: InputRecord[];
  /** Keyword arguments, in camelCase. */
  kwargs: Record<string, unknown>;
  /** weights of the first output */
  gradOutput: TensorRecord;
  /** first derivatives, one per input that requires grad */
  firstGrads: TensorRecord[];
  /** One vector per first derivative: the second pass differentiates `sum(firstGrads[i] * vectors[i])`. */
  vectors: TensorRecord[];
  /** null: PyTorch has no second-order path to that input (the derivative is zero) */
  secondGrads: (TensorRecord | null)[];
}

/** The contents of an ops fixture file: the cases and where they came from. */
export interface OpsFixture {
  /** The script that wrote the file (under tooling/fixtures). */
  generator: string;
  /** The PyTorch version that computed the expected values. */
  torch: string;
  /** Forward and gradient cases. */
  cases: OpCase[];
  /** Double-backward cases. */
  double: DoubleCase[];
}
