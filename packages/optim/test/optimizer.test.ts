import { describe, expect, it } from 'vitest';
import { Generator, randn, tensor, zeros, type Tensor } from '@torchlet/tensor';
import { Adagrad, Adam, AdamW, RMSprop, SGD, StepLR, sgdStep, type SGDState } from '../src/index.js';
import './helpers.js';

const param = (values: number[]) => tensor(values, { dtype: 'float32', requiresGrad: true });
const setGrad = (p: Tensor, values: number[]) => {
  p.grad = tensor(values, { dtype: 'float32' });
};

describe('Optimizer basics', () => {
  it('takes tensors, iterables and param groups with their own hyperparameters', () => {
    const a = param([1, 2]);
    const b = param([3]);
    function* gen() {
      yield a;
      yield b;
    }
    expect(new SGD(gen(), { lr: 0.1 }).paramGroups[0]!.params).toEqual([a, b]);
    const opt = new SGD([{ params: [a] }, { params: b, lr: 0.5, momentum: 0.9 }], { lr: 0.1 });
    expect(opt.paramGroups.map((g) => [g.lr, g.momentum])).toEqual([
      [0.1, 0],
      [0.5, 0.9],
    ]);
    expect(opt.paramGroups[1]!.params).toEqual([b]);
    expect(opt.defaults).toMatchObject({ lr: 0.1, momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, maximize: false });
  });

  it('lets every group set a required lr when the optimizer does not', () => {
    const opt = new SGD([{ params: [param([1])], lr: 0.3 }]);
    expect(opt.paramGroups[0]!.lr).toBe(0.3);
    expect(opt.defaults.lr).toBeUndefined();
  });

  it('keeps extra keys of a group and addParamGroup fills in the defaults', () => {
    const a = param([1]);
    const c = param([2]);
    const opt = new Adam([{ params: [a], name: 'encoder' }], { lr: 0.01 });
    opt.addParamGroup({ params: [c], betas: [0.5, 0.6] });
    expect(opt.paramGroups[0]!.name).toBe('encoder');
    expect(opt.paramGroups[1]).toMatchObject({ lr: 0.01, betas: [0.5, 0.6], eps: 1e-8, amsgrad: false });
    setGrad(a, [1]);
    setGrad(c, [1]);
    opt.step();
    expect(a.dataSync()[0]).toBeCloseTo(1 - 0.01, 6);
    expect(c.dataSync()[0]).toBeCloseTo(2 - 0.01, 6);
  });

  it('updates in place, records no graph and leaves parameters as leaves', () => {
    const p = param([1, 2, 3]);
    setGrad(p, [1, 1, 1]);
    const opt = new SGD([p], { lr: 0.5, momentum: 0.9 });
    const before = p.version;
    opt.step();
    expect(p.version).toBeGreaterThan(before);
    expect(Array.from(p.dataSync())).toEqual([0.5, 1.5, 2.5]);
    expect(p.isLeaf).toBe(true);
    expect(p.gradFn).toBeNull();
    expect(p.requiresGrad).toBe(true);
    const buf = opt.state.get(p)!.momentumBuffer!;
    expect(buf.requiresGrad).toBe(false);
    expect(buf.gradFn).toBeNull();
  });

  it('skips parameters without a gradient', () => {
    const a = param([1]);
    const b = param([2]);
    setGrad(a, [1]);
    const opt = new Adam([a, b], { lr: 0.1 });
    opt.step();
    expect(b.dataSync()[0]).toBe(2);
    expect(opt.state.has(b)).toBe(false);
    expect(opt.state.get(a)!.step).toBe(1);
    expect(opt.stepCount).toBe(1);
  });

  it('zeroGrad zeroes the gradients by default (PyTorch 1.13) and drops them with setToNone', () => {
    const p = param([1, 2]);
    p.mul(p).sum().backward();
    const g = p.grad!;
    const opt = new SGD([p], { lr: 0.1 });
    opt.zeroGrad();
    expect(p.grad).toBe(g);
    expect(Array.from(g.dataSync())).toEqual([0, 0]);
    opt.zeroGrad({ setToNone: true });
    expect(p.grad).toBeNull();
    opt.zeroGrad();
    expect(p.grad).toBeNull();
  });

  it('zeroGrad detaches a gradient that was built with createGraph', () => {
    const p = param([3]);
    p.pow(3).sum().backward(undefined, { createGraph: true });
    expect(p.grad!.requiresGrad).toBe(true);
    new SGD([p], { lr: 0.1 }).zeroGrad();
    expect(p.grad!.requiresGrad).toBe(false);
    expect(p.grad!.gradFn).toBeNull();
    expect(p.grad!.dataSync()[0]).toBe(0);
  });

  it('step(closure) runs the closure with grad enabled and returns its loss', () => {
    const p = param([2]);
    const opt = new SGD([p], { lr: 0.25 });
    const loss = opt.step(() => {
      opt.zeroGrad();
      const l = p.mul(p).sum();
      l.backward();
      return l;
    });
    expect(loss.itemSync()).toBe(4);
    expect(p.dataSync()[0]).toBe(1); // 2 - 0.25 * 4
  });

  it('step(async closure) updates once the closure has settled', async () => {
    const p = param([2]);
    const opt = new SGD([p], { lr: 0.25 });
    const pending = opt.step(async () => {
      await Promise.resolve();
      const l = p.mul(p).sum();
      l.backward();
      return l.item();
    });
    expect(p.dataSync()[0]).toBe(2);
    expect(await pending).toBe(4);
    expect(p.dataSync()[0]).toBe(1);
  });

  it('works on float64 parameters', () => {
    const p = tensor([1, 2], { dtype: 'float64', requiresGrad: true });
    p.grad = tensor([0.5, -0.5], { dtype: 'float64' });
    const opt = new Adam([p], { lr: 0.1 });
    opt.step();
    expect(p.dtype).toBe('float64');
    expect(Array.from(p.dataSync())).toEqual([0.9, 2.1].map((v) => expect.closeTo(v, 7)));
    expect(opt.state.get(p)!.expAvg.dtype).toBe('float64');
  });

  it('Adagrad makes its state at construction, as PyTorch does', () => {
    const a = param([1, 2]);
    const opt = new Adagrad([a], { initialAccumulatorValue: 0.5 });
    expect(opt.state.get(a)!.step).toBe(0);
    expect(Array.from(opt.state.get(a)!.sum.dataSync())).toEqual([0.5, 0.5]);
    const c = param([3]);
    opt.addParamGroup({ params: [c], initialAccumulatorValue: 2 });
    expect(Array.from(opt.state.get(c)!.sum.dataSync())).toEqual([2]);
  });

  it('creates only the state buffers the options need', () => {
    const p = param([1]);
    setGrad(p, [1]);
    const rms = new RMSprop([p], { centered: true });
    rms.step();
    expect(Object.keys(rms.state.get(p)!).sort()).toEqual(['gradAvg', 'squareAvg', 'step']);
    const adamw = new AdamW([p], { amsgrad: true });
    adamw.step();
    expect(Object.keys(adamw.state.get(p)!).sort()).toEqual(['expAvg', 'expAvgSq', 'maxExpAvgSq', 'step']);
    const sgd = new SGD([p], { lr: 1 });
    sgd.step();
    expect(sgd.state.get(p)).toEqual({ momentumBuffer: null });
  });

  it('prints its groups like PyTorch', () => {
    const opt = new SGD([param([1])], { lr: 0.1, momentum: 0.9 });
    expect(String(opt)).toBe(
      'SGD (\nParameter Group 0\n    dampening: 0\n    lr: 0.1\n    maximize: false\n    momentum: 0.9\n    nesterov: false\n    weightDecay: 0\n)',
    );
  });

  it('exposes the per-parameter step as a plain function', () => {
    const p = zeros(2);
    const state: SGDState = { momentumBuffer: null };
    const h = { lr: 0.1, momentum: 0.9, dampening: 0, weightDecay: 0, nesterov: false, maximize: false };
    sgdStep(p, tensor([1, 2], { dtype: 'float32' }), state, h);
    sgdStep(p, tensor([1, 2], { dtype: 'float32' }), state, h);
    expect(Array.from(p.dataSync()).map((v) => +v.toFixed(5))).toEqual([-0.29, -0.58]);
    expect(Array.from(state.momentumBuffer!.dataSync()).map((v) => +v.toFixed(5))).toEqual([1.9, 3.8]);
  });

  it('trains the README example: a linear model with SGD, momentum and StepLR', () => {
    const x = randn(64, 2, { generator: new Generator(3) });
    const y = x.matmul(tensor([[2], [-3]], { dtype: 'float32' })).add(1);
    const w = zeros(2, 1, { requiresGrad: true });
    const b = zeros(1, { requiresGrad: true });
    const optimizer = new SGD([w, b], { lr: 0.1, momentum: 0.9 });
    const scheduler = new StepLR(optimizer, 30, { gamma: 0.5 });
    for (let epoch = 0; epoch < 100; epoch++) {
      optimizer.zeroGrad();
      const loss = x.matmul(w).add(b).sub(y).pow(2).mean();
      loss.backward();
      optimizer.step();
      scheduler.step();
    }
    expect(Array.from(w.dataSync()).map((v) => +v.toFixed(1))).toEqual([2, -3]);
    expect(b.dataSync()[0]).toBeCloseTo(1, 1);
    expect(scheduler.getLastLr()).toEqual([0.1 * 0.5 ** 3]);
  });
});
