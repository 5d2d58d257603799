import { describe, expect, it } from 'vitest';
import type { Tensor } from '@torchlet/tensor';
import { tensor } from '@torchlet/tensor';
import { Adagrad, Adam, AdamW, RMSprop, SGD, type Optimizer } from '@torchlet/optim';
import { excess, type Tolerance } from './compare.js';
import { readFixture } from './fixtures.js';
import { modelTolerance, type CheckContext } from './tolerance.js';

interface Described {
  shape: number[];
  dtype: string;
  values: number[];
}
interface OptimizerCase {
  name: string;
  optimizer: 'SGD' | 'Adam' | 'AdamW' | 'RMSprop' | 'Adagrad';
  options: Record<string, unknown>;
  groups?: ({ params: ('W' | 'b')[] } & Record<string, unknown>)[];
  losses: number[];
  params: [Described, Described][];
}

/** Optimizer trajectories from tooling/fixtures/generate_optim.py (schedulers are host-only: see @torchlet/optim's tests). */
export const optimFixture = readFixture<{ steps: number; problem: Record<'x' | 'y' | 'W' | 'b', Described>; optimizers: OptimizerCase[] }>(
  'optim.json',
);

export const OPTIMIZERS = { SGD, Adam, AdamW, RMSprop, Adagrad };

/** The fixture's problem on a device: leaves W and b, and the loss as a function of them. */
export function optimProblem(device: string): { W: Tensor; b: Tensor; loss: () => Tensor } {
  const p = optimFixture.problem;
  const t = (d: Described, requiresGrad = false) =>
    tensor(d.values, { dtype: 'float32', device }).view(d.shape).detach().requiresGrad_(requiresGrad);
  const x = t(p.x);
  const y = t(p.y);
  const W = t(p.W, true);
  const b = t(p.b, true);
  const loss = () => x.matmul(W).add(b).sub(y).pow(2).mean().add(W.tanh().pow(2).sum().mul(0.1)).add(b.pow(4).sum().mul(0.05));
  return { W, b, loss };
}

export function makeOptimizer(c: OptimizerCase, W: Tensor, b: Tensor): Optimizer {
  const named = { W, b };
  const Cls = OPTIMIZERS[c.optimizer] as unknown as new (p: unknown, o: unknown) => Optimizer;
  const params = c.groups ? c.groups.map((g) => ({ ...g, params: g.params.map((n) => named[n]) })) : [W, b];
  return new Cls(params, c.options);
}

function check(what: string, got: ArrayLike<number>, want: ArrayLike<number>, tol: Tolerance): void {
  expect(got.length, what).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    if (excess(got[i]!, want[i]!, tol, false) > 1)
      expect.fail(`${what}, element ${i}: ${got[i]}, expected ${want[i]} (atol ${tol.atol}, rtol ${tol.rtol})`);
  }
}

/** Every optimizer option against PyTorch, step by step, on the backend. */
export function optimSuite(ctx: CheckContext): void {
  describe('optimizer trajectories match PyTorch 1.13 (every option, 12 steps)', () => {
    it('have a case for every optimizer, with maximize and weightDecay for each', () => {
      for (const name of Object.keys(OPTIMIZERS)) {
        const cases = optimFixture.optimizers.filter((c) => c.optimizer === name);
        expect(
          cases.some((c) => c.options.maximize === true),
          `${name} maximize`,
        ).toBe(true);
        expect(
          cases.some((c) => (c.options.weightDecay as number) > 0),
          `${name} weightDecay`,
        ).toBe(true);
      }
    });
    for (const c of optimFixture.optimizers) {
      it(c.name, async () => {
        const tol = modelTolerance(ctx, `optim:${c.optimizer}`, { atol: 1e-6, rtol: 1e-5 });
        const { W, b, loss } = optimProblem(ctx.device);
        const opt = makeOptimizer(c, W, b);
        for (let step = 0; step < optimFixture.steps; step++) {
          opt.zeroGrad();
          const l = loss();
          l.backward();
          opt.step();
          const [eW, eb] = c.params[step]!;
          check(`loss before step ${step + 1}`, [await l.item()], [c.losses[step]!], tol);
          check(`W after step ${step + 1}`, await W.data(), eW.values, tol);
          check(`b after step ${step + 1}`, await b.data(), eb.values, tol);
        }
      });
    }
  });
}
