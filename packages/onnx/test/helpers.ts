import * as ort from 'onnxruntime-node';
import type { Module } from '@torchlet/nn';
import type { Tensor } from '@torchlet/tensor';
import { noGrad } from '@torchlet/autograd';

export interface Out {
  data: ArrayLike<number>;
  dims: readonly number[];
}

const ORT_TYPE = { float32: 'float32', float64: 'float64', int32: 'int32', uint8: 'uint8', bool: 'bool' } as const;

/** Run an exported model in onnxruntime; outputs in graph order, as numbers. */
export async function runOrtAll(bytes: Uint8Array, feeds: Record<string, Tensor>): Promise<Out[]> {
  const session = await ort.InferenceSession.create(bytes);
  const inputs: Record<string, ort.Tensor> = {};
  for (const [k, t] of Object.entries(feeds)) inputs[k] = new ort.Tensor(ORT_TYPE[t.dtype], (await t.data()) as never, [...t.shape]);
  const out = await session.run(inputs);
  const result = session.outputNames.map((k) => ({
    data: Array.from(out[k]!.data as ArrayLike<number | boolean>, Number),
    dims: out[k]!.dims,
  }));
  await session.release();
  return result;
}

/** The first output (single-output models). */
export async function runOrt(bytes: Uint8Array, feeds: Record<string, Tensor>): Promise<Out> {
  return (await runOrtAll(bytes, feeds))[0]!;
}

/** Torchlet's own eval-mode outputs. */
export async function torchletOuts(model: Module, x: Tensor): Promise<{ data: number[]; shape: number[] }[]> {
  model.eval();
  const y = noGrad(() => model.call(x) as Tensor | Tensor[]);
  model.train();
  const ys = Array.isArray(y) ? y : [y];
  return Promise.all(ys.map(async (t) => ({ data: Array.from(await t.data(), Number), shape: [...t.shape] })));
}

export async function torchletOut(model: Module, x: Tensor): Promise<number[]> {
  return (await torchletOuts(model, x))[0]!.data;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}
