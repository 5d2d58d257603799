import type { TensorRecord } from './fixture-types.js';
import { nodeFs, readFixture } from './fixtures.js';

export interface LayerRun {
  mode: 'train' | 'eval';
  /** nn-options steps carry their own input; nn.json runs share the case's */
  input?: TensorRecord;
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
  input?: TensorRecord;
  /** independent runs, each from `state` (nn.json) */
  runs?: LayerRun[];
  /** forward passes in a row on one module (nn-options.json) */
  steps?: LayerRun[];
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
export interface DropoutCase {
  p: number;
  shape: number[];
  /** PyTorch's y / x on kept elements (null when nothing is kept) */
  scale: number | null;
  keptFraction: number;
  input: TensorRecord;
  output: TensorRecord;
  gradOutput: TensorRecord;
  inputGrad: TensorRecord;
}
export interface SafetensorsFixture {
  dtypes: { file: string; expected: Record<string, TensorRecord>; stDtypes: Record<string, string> };
  float64: { file: string; expected: Record<string, TensorRecord> };
  int64OutOfRange: { file: string };
  save: {
    tensors: Record<string, TensorRecord>;
    transposed: string[];
    metadata: Record<string, string>;
    file: string;
    float64: TensorRecord;
    fileWithFloat64: string;
  };
  batchnormModel: {
    file: string;
    input: TensorRecord;
    eval: TensorRecord;
    train: TensorRecord;
    stateAfterTrain: Record<string, TensorRecord>;
  };
}

export const nnFixture = readFixture<{
  layers: LayerCase[];
  losses: LossCase[];
  nets: Record<'Net1' | 'Net2', NetCase> & { torchletFile?: { file: string; keys: string[]; input: TensorRecord; output: TensorRecord } };
  reprs: Record<string, string>;
}>('nn.json');

export const nnOptionsFixture = readFixture<{
  layers: LayerCase[];
  losses: LossCase[];
  dropout: DropoutCase[];
  safetensors: SafetensorsFixture;
}>('nn-options.json');

/** A binary fixture file (Node): packages/conformance/fixtures/<name>. */
export async function fixtureBytes(name: string): Promise<Uint8Array> {
  return nodeFs().promises.readFile(new URL(`../fixtures/${name}`, import.meta.url));
}

export function base64Bytes(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
