import { describe, expect, it } from 'vitest';
import { ShapeError, ValueError, isTensor, tensor, type Tensor } from '@torchlet/tensor';
import { noGrad } from '@torchlet/autograd';
import { Adam, SGD, type Optimizer, type OptimizerStateDict } from '../src/index.js';
import { fixture, makeOptimizer, problem, setupScheduler as setup } from './helpers.js';

/** Through JSON and back: tensors as { shape, dtype, values }. */
function roundTrip<T>(sd: T): T {
  const text = JSON.stringify(sd, (_k, v: unknown) =>
    isTensor(v) ? { __tensor: true, shape: v.shape, dtype: v.dtype, values: Array.from(v.dataSync()) } : v,
  );
  return JSON.parse(text, (_k, v: { __tensor?: boolean; shape: number[]; dtype: 'float32'; values: number[] }) =>
    v && typeof v === 'object' && v.__tensor ? tensor(v.values, { dtype: v.dtype }).view(v.shape) : v,
  ) as T;
}

function train(opt: Optimizer, loss: () => Tensor, steps: number): void {
  for (let i = 0; i < steps; i++) {
    opt.zeroGrad();
    loss().backward();
    opt.step();
  }
}

const leafCopy = (t: Tensor) => t.detach().clone().requiresGrad_();

describe('stateDict / loadStateDict', () => {
  for (const c of fixture.optimizers) {
    it(`${c.name}: 5 steps, save, load into a fresh optimizer, 5 more == 10 straight`, () => {
      const straight = problem();
      train(makeOptimizer(c, straight.W, straight.b), straight.loss, 10);

      const first = problem();
      const opt = makeOptimizer(c, first.W, first.b);
      train(opt, first.loss, 5);
      const saved = roundTrip(opt.stateDict());

      const resumed = problem();
      noGrad(() => {
        resumed.W.copy_(first.W);
        resumed.b.copy_(first.b);
      });
      // built with other hyperparameters: loading restores the saved ones
      const fresh = makeOptimizer(
        { ...c, options: { ...c.options, lr: 123 }, groups: c.groups?.map((g) => ({ ...g, lr: 123 })) },
        resumed.W,
        resumed.b,
      );
      fresh.loadStateDict(saved);
      expect(fresh.paramGroups.map((g) => g.lr)).toEqual(opt.paramGroups.map((g) => g.lr));
      train(fresh, resumed.loss, 5);
      expect(Array.from(resumed.W.dataSync())).toEqual(Array.from(straight.W.dataSync()));
      expect(Array.from(resumed.b.dataSync())).toEqual(Array.from(straight.b.dataSync()));
    });
  }

  it("uses PyTorch's layout: state by parameter index, groups with parameter indices", () => {
    const { W, b, loss } = problem();
    const unused = leafCopy(W);
    const opt = new Adam([{ params: [W, unused] }, { params: [b], lr: 0.5 }], { lr: 0.01 });
    train(opt, loss, 2);
    const sd = opt.stateDict();
    expect(Object.keys(sd.state)).toEqual(['0', '2']);
    expect(sd.paramGroups).toEqual([
      { params: [0, 1], lr: 0.01, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false },
      { params: [2], lr: 0.5, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false },
    ]);
    expect(sd.state[0]!.step).toBe(2);
    const expAvg = sd.state[0]!.expAvg as Tensor;
    expect(expAvg.shape).toEqual([3, 2]);
    expect(expAvg).not.toBe(opt.state.get(W)!.expAvg);
    train(opt, loss, 1);
    expect(sd.state[0]!.step).toBe(2);
  });

  it('casts saved state to the dtype of the parameters', () => {
    const p = tensor([1, 2], { dtype: 'float32', requiresGrad: true });
    p.grad = tensor([1, -1], { dtype: 'float32' });
    const a = new SGD([p], { lr: 0.1, momentum: 0.9 });
    a.step();
    const q = tensor([1, 2], { dtype: 'float64', requiresGrad: true });
    const b = new SGD([q], { lr: 0.1, momentum: 0.9 });
    b.loadStateDict(a.stateDict());
    expect(b.state.get(q)!.momentumBuffer!.dtype).toBe('float64');
  });

  it('rejects a state dict that does not fit, and changes nothing', () => {
    const { W, b, loss } = problem();
    const adam = new Adam([W, b], { lr: 0.1 });
    train(adam, loss, 1);
    const good = adam.stateDict();
    const before = adam.stateDict();
    const bad = (sd: OptimizerStateDict) => () => adam.loadStateDict(sd);
    expect(bad({ ...good, paramGroups: [...good.paramGroups, good.paramGroups[0]!] })).toThrow(/different number of parameter groups/);
    expect(bad({ ...good, paramGroups: [{ ...good.paramGroups[0]!, params: [0] }] })).toThrow(/doesn't match the size/);
    expect(bad({ ...good, state: { ...good.state, 1: { ...good.state[1]!, expAvg: tensor([1, 2, 3]) } } })).toThrow(ShapeError);
    expect(bad({ ...good, state: { ...good.state, 7: good.state[0]! } })).toThrow(/parameter 7/);
    expect(bad({ ...good, paramGroups: [{ ...good.paramGroups[0]!, lr: -1 }] })).toThrow(ValueError);

    const sgd = new SGD([leafCopy(W), leafCopy(b)], { lr: 0.1, momentum: 0.9 });
    sgd.state.set(sgd.paramGroups[0]!.params[0]!, { momentumBuffer: null });
    expect(bad(sgd.stateDict())).toThrow(/lacks step, expAvg, expAvgSq.*another optimizer/);
    expect(bad(null as unknown as OptimizerStateDict)).toThrow(ValueError);

    expect(adam.paramGroups[0]!.lr).toBe(0.1);
    expect(adam.stateDict().state[0]!.step).toBe(before.state[0]!.step);
    expect(Array.from(adam.state.get(W)!.expAvg.dataSync())).toEqual(Array.from((before.state[0]!.expAvg as Tensor).dataSync()));
  });

  for (const c of fixture.schedulers) {
    it(`${c.name}: scheduler resumes from its stateDict`, () => {
      const straight = setup(c);
      const s1 = straight.make(straight.opt);
      const first = setup(c);
      const s2 = first.make(first.opt);
      const split = Math.floor((c.lrs.length - 1) / 2);
      for (let i = 0; i < split; i++) s2.step();
      const optState = roundTrip(first.opt.stateDict());
      const schedState = JSON.parse(JSON.stringify(s2.stateDict())) as Record<string, unknown>;

      const resumed = setup(c);
      const s3 = resumed.make(resumed.opt);
      resumed.opt.loadStateDict(optState);
      s3.loadStateDict(schedState);
      for (let i = 0; i < c.lrs.length - 1; i++) {
        s1.step();
        if (i >= split) s3.step();
      }
      expect(s3.getLastLr()).toEqual(s1.getLastLr());
      expect(resumed.opt.paramGroups.map((g) => [g.lr, g.momentum, g.betas])).toEqual(
        straight.opt.paramGroups.map((g) => [g.lr, g.momentum, g.betas]),
      );
    });
  }
});
