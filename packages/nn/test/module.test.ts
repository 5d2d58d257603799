import { beforeAll, describe, expect, it } from 'vitest';
import { ones, randn, tensor, zeros } from '@torchlet/tensor';
import { registerCpuBackend } from '@torchlet/backend-cpu';
import * as nn from '../src/index.js';
import { Net1, Net2 } from './nets.js';

beforeAll(() => registerCpuBackend());

describe('Module', () => {
  it('registers parameters and submodules by assignment, in order', () => {
    const net = new Net1();
    expect([...net.namedParameters()].map(([k]) => k)).toEqual([
      'conv1.weight',
      'conv1.bias',
      'conv2.weight',
      'conv2.bias',
      'fc1.weight',
      'fc1.bias',
      'fc2.weight',
      'fc2.bias',
    ]);
    expect([...net.namedChildren()].map(([k]) => k)).toEqual(['conv1', 'conv2', 'fc1', 'fc2']);
    expect([...net.modules()].length).toBe(5);
    expect([...net.parameters()].reduce((n, p) => n + p.numel(), 0)).toBe(21840);
    expect([...net.parameters()].every((p) => p.requiresGrad && p.isLeaf)).toBe(true);
  });
  it('train() and eval() set the mode recursively; apply visits children first', () => {
    const net = new Net2();
    net.eval();
    expect([...net.modules()].every((m) => !m.training)).toBe(true);
    const seen: string[] = [];
    net.apply((m) => seen.push(m.constructor.name));
    expect(seen.at(-1)).toBe('Net2');
    expect(seen.slice(0, 2)).toEqual(['Conv2d', 'MaxPool2d']);
  });
  it('buffers are state but not parameters; camelCase properties get PyTorch keys', () => {
    const bn = new nn.BatchNorm2d(3);
    expect([...bn.namedBuffers()].map(([k]) => k)).toEqual(['running_mean', 'running_var', 'num_batches_tracked']);
    expect(Object.keys(bn.stateDict())).toEqual(['weight', 'bias', 'running_mean', 'running_var', 'num_batches_tracked']);
    expect(bn.runningMean!.shape).toEqual([3]);
    bn.call(randn(4, 3, 2, 2));
    expect(bn.numBatchesTracked!.itemSync()).toBe(1);
  });
  it('zeroGrad zeroes (or drops) every gradient', () => {
    const lin = new nn.Linear(3, 2);
    lin.call(ones(1, 3)).sum().backward();
    expect(lin.weight.grad).not.toBeNull();
    lin.zeroGrad();
    expect(Array.from(lin.weight.grad!.dataSync())).toEqual([0, 0, 0, 0, 0, 0]);
    lin.zeroGrad({ setToNone: true });
    expect(lin.weight.grad).toBeNull();
  });
  it('loadStateDict reports missing, unexpected and mis-shaped keys by name and writes nothing', () => {
    const lin = new nn.Linear(3, 2);
    const before = Array.from(lin.weight.dataSync());
    expect(() => lin.loadStateDict({ weight: zeros(2, 3), extra: zeros(1) })).toThrow(
      /Missing key\(s\) in state_dict: "bias"\.[\s\S]*Unexpected key\(s\) in state_dict: "extra"/,
    );
    expect(() => lin.loadStateDict({ weight: zeros(3, 3), bias: zeros(2) })).toThrow(
      /size mismatch for weight: copying a param with shape \[3, 3\] from checkpoint, the shape in current model is \[2, 3\]/,
    );
    expect(Array.from(lin.weight.dataSync())).toEqual(before);
    const r = lin.loadStateDict({ weight: zeros(2, 3), extra: zeros(1) }, { strict: false });
    expect(r).toEqual({ missingKeys: ['bias'], unexpectedKeys: ['extra'] });
    expect(Array.from(lin.weight.dataSync())).toEqual([0, 0, 0, 0, 0, 0]);
  });
  it('to(dtype) converts parameters and float buffers', () => {
    const m = new nn.Sequential(new nn.Linear(2, 2), new nn.BatchNorm1d(2)).to('float64');
    expect([...m.parameters()].every((p) => p.dtype === 'float64' && p instanceof nn.Parameter && p.requiresGrad)).toBe(true);
    expect((m.at(1) as nn.BatchNorm1d).runningMean!.dtype).toBe('float64');
    expect((m.at(1) as nn.BatchNorm1d).numBatchesTracked!.dtype).toBe('int32');
  });
  it('default initialisation follows PyTorch: Linear/Conv2d uniform within 1/sqrt(fan_in)', () => {
    const lin = new nn.Linear(100, 50);
    const w = lin.weight.dataSync();
    const bound = 1 / Math.sqrt(100);
    expect(Math.max(...w)).toBeLessThanOrEqual(bound);
    expect(Math.min(...w)).toBeGreaterThanOrEqual(-bound);
    // variance of U(-b, b) is b^2 / 3
    const v = lin.weight.var().itemSync();
    expect(v).toBeGreaterThan(((bound * bound) / 3) * 0.85);
    expect(v).toBeLessThan(((bound * bound) / 3) * 1.15);
    const emb = new nn.Embedding(100, 50);
    expect(emb.weight.std().itemSync()).toBeGreaterThan(0.9);
  });
  it('init functions fill in place with the right statistics', () => {
    const t = zeros(200, 100);
    nn.init.kaimingNormal_(t, { nonlinearity: 'relu' });
    expect(t.std().itemSync()).toBeCloseTo(Math.sqrt(2 / 100), 2);
    nn.init.xavierUniform_(t);
    expect(Math.max(...t.dataSync())).toBeLessThanOrEqual(Math.sqrt(6 / 300));
    nn.init.ones_(t);
    expect(t.mean().itemSync()).toBe(1);
  });
  it('Dropout drops in train mode with scaling and is the identity in eval', () => {
    const d = new nn.Dropout(0.25);
    const y = d.call(ones(4000));
    const vals = y.dataSync();
    const kept = Array.from(vals as Float32Array).filter((v) => v !== 0);
    expect(kept.every((v) => Math.abs(v - 4 / 3) < 1e-6)).toBe(true);
    expect(kept.length / 4000).toBeGreaterThan(0.72);
    expect(kept.length / 4000).toBeLessThan(0.78);
    d.eval();
    expect(Array.from(d.call(ones(3)).dataSync())).toEqual([1, 1, 1]);
  });
  it('nllLoss refuses one-hot targets with a clear message', () => {
    const logp = randn(2, 3).logSoftmax(1);
    expect(() =>
      nn.F.nllLoss(
        logp,
        tensor(
          [
            [0, 1, 0],
            [1, 0, 0],
          ],
          { dtype: 'float32' },
        ),
      ),
    ).toThrow(/integer class labels/);
    expect(() => nn.F.nllLoss(logp, tensor([0, 1, 2]))).toThrow(/target \[3\]/);
  });
  it('Linear names the fix for a wrong input width', () => {
    expect(() => new nn.Linear(4, 2).call(ones(3, 5))).toThrow(/in_features = 4.*x\.view\(-1, in_features\)/);
  });
});
