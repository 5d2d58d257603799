import { readFileSync } from 'node:fs';
import { type Tensor, tensor } from '@torchlet/tensor';
import {
  Adagrad,
  Adam,
  AdamW,
  CosineAnnealingLR,
  ExponentialLR,
  LinearLR,
  MultiStepLR,
  OneCycleLR,
  RMSprop,
  SGD,
  StepLR,
  type LRScheduler,
  type Optimizer,
} from '../src/index.js';
import { registerCpuBackend } from '@torchlet/backend-cpu';
import '@torchlet/autograd';

registerCpuBackend();

export interface Described {
  shape: number[];
  dtype: string;
  values: number[];
}
export interface OptimizerCase {
  name: string;
  optimizer: 'SGD' | 'Adam' | 'AdamW' | 'RMSprop' | 'Adagrad';
  options: Record<string, unknown>;
  groups?: ({ params: ('W' | 'b')[] } & Record<string, unknown>)[];
  losses: number[];
  params: [Described, Described][];
}
export interface SchedulerCase {
  name: string;
  scheduler: string;
  args: unknown[];
  options: Record<string, unknown>;
  optimizer: 'SGD' | 'Adam';
  groups: { params: ('W' | 'b')[]; lr: number }[];
  lrs: number[][];
  momentum?: number[][];
  extraStepsBeforeError?: number;
}
export interface OptimFixture {
  steps: number;
  problem: Record<'x' | 'y' | 'W' | 'b', Described>;
  optimizers: OptimizerCase[];
  schedulers: SchedulerCase[];
}

export const fixture = JSON.parse(readFileSync(new URL('../../conformance/fixtures/optim.json', import.meta.url), 'utf8')) as OptimFixture;

const fromDescribed = (d: Described, requiresGrad = false): Tensor =>
  tensor(d.values, { dtype: 'float32', requiresGrad }).view(d.shape).detach().requiresGrad_(requiresGrad);

/** The fixture's problem: fresh W and b (leaves that require grad) and the loss as a function of them. */
export function problem(): { W: Tensor; b: Tensor; loss: () => Tensor } {
  const p = fixture.problem;
  const x = fromDescribed(p.x);
  const y = fromDescribed(p.y);
  const W = fromDescribed(p.W, true);
  const b = fromDescribed(p.b, true);
  const loss = () => x.matmul(W).add(b).sub(y).pow(2).mean().add(W.tanh().pow(2).sum().mul(0.1)).add(b.pow(4).sum().mul(0.05));
  return { W, b, loss };
}

/** Largest violation of |a - e| <= atol + rtol |e| (<= 0 when everything is close). */
export function worst(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol: number, atol: number): number {
  if (actual.length !== expected.length) return Infinity;
  let w = -Infinity;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i]!;
    const excess = Math.abs(actual[i]! - e) - (atol + rtol * Math.abs(e));
    w = Math.max(w, Number.isNaN(excess) ? Infinity : excess);
  }
  return w;
}

export const OPTIMIZERS = { SGD, Adam, AdamW, RMSprop, Adagrad };

export function makeOptimizer(c: OptimizerCase, W: Tensor, b: Tensor): Optimizer {
  const named = { W, b };
  const Cls = OPTIMIZERS[c.optimizer] as unknown as new (p: unknown, o: unknown) => Optimizer;
  const params = c.groups ? c.groups.map((g) => ({ ...g, params: g.params.map((n) => named[n]) })) : [W, b];
  return new Cls(params, c.options);
}

type Ctor = new (opt: Optimizer, ...rest: unknown[]) => LRScheduler;
export const SCHEDULERS: Record<string, Ctor> = {
  StepLR: StepLR as unknown as Ctor,
  MultiStepLR: MultiStepLR as unknown as Ctor,
  ExponentialLR: ExponentialLR as unknown as Ctor,
  CosineAnnealingLR: CosineAnnealingLR as unknown as Ctor,
  LinearLR: LinearLR as unknown as Ctor,
  OneCycleLR: OneCycleLR as unknown as Ctor,
};

export function setupScheduler(c: SchedulerCase): { opt: Optimizer; make: (opt: Optimizer) => LRScheduler } {
  const { W, b } = problem();
  const named: Record<string, Tensor> = { W, b };
  const groups = c.groups.map((g) => ({ ...g, params: g.params.map((n) => named[n]!) }));
  const opt: Optimizer = c.optimizer === 'Adam' ? new Adam(groups) : new SGD(groups, { momentum: 0.9 });
  const Cls = SCHEDULERS[c.scheduler]!;
  const make = (o: Optimizer) => (c.scheduler === 'LinearLR' ? new Cls(o, c.options) : new Cls(o, ...c.args, c.options));
  return { opt, make };
}
