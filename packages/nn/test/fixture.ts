import type { Tensor } from '@torchlet/tensor';
import { fromRecord, mismatch, type TensorRecord } from '@torchlet/conformance';
import { expect } from 'vitest';
import nnFixture from '../../conformance/fixtures/nn.json';

export const fixture = nnFixture as unknown as {
  layers: LayerCase[];
  losses: LossCase[];
  nets: Record<'Net1' | 'Net2', NetCase> & { torchletFile?: { file: string; keys: string[]; input: TensorRecord; output: TensorRecord } };
  reprs: Record<string, string>;
};

export interface LayerRun {
  mode: 'train' | 'eval';
  output: TensorRecord;
  gradOutput: TensorRecord;
  paramGrads: Record<string, TensorRecord>;
  stateAfter: Record<string, TensorRecord>;
  inputGrad?: TensorRecord;
}
export interface LayerCase {
  name: string;
  layer: string;
  args: unknown[];
  options: Record<string, unknown>;
  repr: string;
  state: Record<string, TensorRecord>;
  stateKeys: string[];
  input: TensorRecord;
  runs: LayerRun[];
}
export interface LossCase {
  name: string;
  fn: string;
  inputs: TensorRecord[];
  options: Record<string, unknown>;
  output: TensorRecord;
  gradOutput: TensorRecord;
  grads: Record<string, TensorRecord>;
}
export interface NetCase {
  repr: string;
  stateKeys: string[];
  state: Record<string, TensorRecord>;
  input: TensorRecord;
  output: TensorRecord;
  gradOutput: TensorRecord;
  paramGrads: Record<string, TensorRecord>;
  safetensorsFile?: string;
}

export const rec = (r: TensorRecord) => fromRecord(r, 'cpu');

export async function expectClose(what: string, actual: Tensor | null | undefined, expected: TensorRecord, atol = 1e-5, rtol = 1e-4): Promise<void> {
  expect(actual, `${what}: missing`).toBeTruthy();
  const why = await mismatch(actual!, expected, { atol, rtol }, false);
  expect(why, what).toBeNull();
}
