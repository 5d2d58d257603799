import type { DType } from '@torchlet/tensor';
import type { GenSpec } from './generate.js';

/** JSON has no NaN or infinities, and readers may lose the sign of -0.0: those are strings */
export type JsonNumber = number | boolean | 'nan' | 'inf' | '-inf' | '-0';

/** Checksums and sampled elements standing in for a large tensor's values. */
export interface Digest {
  /** sums over finite elements: plain, absolute, weighted by digestWeight(i), absolute weighted */
  sum: number;
  absSum: number;
  wsum: number;
  wabsSum: number;
  nan: number;
  posinf: number;
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
  shape: number[];
  dtype: DType;
  values?: JsonNumber[];
  b64?: string;
  gen?: GenSpec;
  digest?: Digest;
}

export type Layout = 'contiguous' | 'transposed' | 'strided' | 'offset' | 'offsetTransposed' | 'expanded';

export interface InputSpec extends TensorRecord {
  /**
   * how the input is laid out in memory (the values are the same, the strides differ):
   * transposed storage, every other element of a wider tensor, a view at a storage offset,
   * transposed storage at an offset, or dim 0 expanded from size 1 (stride 0)
   */
  layout: Layout;
  requiresGrad: boolean;
}

export type InputRecord = InputSpec | { scalar: number };

export interface OpCase {
  name: string;
  op: string;
  inputs: InputRecord[];
  kwargs: Record<string, unknown>;
  positional?: unknown[];
  outputs: TensorRecord[];
  gradOutputs?: (TensorRecord | null)[];
  grads?: (TensorRecord | null)[];
  atol?: number;
  rtol?: number;
  /** why the case declares its own atol/rtol */
  reason?: string;
}

export interface DoubleCase {
  name: string;
  op: string;
  /** inputs that require grad are differentiated; index tensors and scalars are not */
  inputs: InputRecord[];
  kwargs: Record<string, unknown>;
  /** weights of the first output */
  gradOutput: TensorRecord;
  /** first derivatives, one per input that requires grad */
  firstGrads: TensorRecord[];
  vectors: TensorRecord[];
  /** null: PyTorch has no second-order path to that input (the derivative is zero) */
  secondGrads: (TensorRecord | null)[];
}

export interface OpsFixture {
  generator: string;
  torch: string;
  cases: OpCase[];
  double: DoubleCase[];
}
