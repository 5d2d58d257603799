import { describe, expect, it } from 'vitest';
import { memory, randn } from '@torchlet/tensor';
import { Adagrad, Adam, AdamW, RMSprop, SGD, type Optimizer, type Params } from '../src/index.js';
import './helpers.js';

const gc = (globalThis as { gc?: () => void }).gc;

/** Live CPU buffers once garbage collection and finalizers have run. */
async function liveBuffers(): Promise<number> {
  let last = -1;
  for (let round = 0; round < 20; round++) {
    gc!();
    await new Promise((r) => setTimeout(r, 5));
    const now = memory('cpu').numBuffers;
    if (now === last) return now;
    last = now;
  }
  return last;
}

const makers: [string, (params: Params) => Optimizer][] = [
  ['SGD', (ps) => new SGD(ps, { lr: 0.01, momentum: 0.9, nesterov: true, weightDecay: 0.1 })],
  ['Adam', (ps) => new Adam(ps, { amsgrad: true, weightDecay: 0.1, maximize: true })],
  ['AdamW', (ps) => new AdamW(ps, { amsgrad: true })],
  ['RMSprop', (ps) => new RMSprop(ps, { centered: true, momentum: 0.5, weightDecay: 0.1 })],
  ['Adagrad', (ps) => new Adagrad(ps, { lrDecay: 0.01, weightDecay: 0.1 })],
];

describe('memory', () => {
  it('runs with the garbage collector exposed (see vitest.config.ts)', () => {
    expect(typeof gc).toBe('function');
  });
  for (const [name, make] of makers) {
    it(`${name}: state is made once and nothing is retained across steps, saves and loads`, async () => {
      const w = randn(64, { requiresGrad: true });
      w.grad = randn(64);
      const opt = make([w]);
      opt.step();
      const before = await liveBuffers();
      for (let i = 0; i < 25; i++) opt.step();
      opt.loadStateDict(opt.stateDict());
      for (let i = 0; i < 5; i++) opt.step();
      expect(await liveBuffers()).toBe(before);
    });
  }
});
