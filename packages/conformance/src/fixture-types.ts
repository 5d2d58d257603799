import type { DType } from '@torchlet/tensor';

export type JsonNumber = number | boolean | 'nan' | 'inf' | '-inf';

export interface TensorRecord {
  shape: number[];
  dtype: DType;
  values: JsonNumber[];
}

export interface InputSpec extends TensorRecord {
  /** how the input is laid out in memory: the values are the same, the strides differ */
  layout: 'contiguous' | 'transposed' | 'strided' | 'offset';
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
}

export interface DoubleCase {
  name: string;
  op: string;
  inputs: InputSpec[];
  kwargs: Record<string, unknown>;
  gradOutput: TensorRecord;
  firstGrads: TensorRecord[];
  vectors: TensorRecord[];
  secondGrads: (TensorRecord | null)[];
}

export interface OpsFixture {
  generator: string;
  torch: string;
  cases: OpCase[];
  double: DoubleCase[];
}
