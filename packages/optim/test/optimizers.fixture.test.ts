import { describe, expect, it } from 'vitest';
import { OPTIMIZERS, fixture, makeOptimizer, problem, worst } from './helpers.js';

describe('optimizer trajectories match PyTorch 1.13', () => {
  it('has a case for every optimizer', () => {
    expect(new Set(fixture.optimizers.map((c) => c.optimizer))).toEqual(new Set(Object.keys(OPTIMIZERS)));
  });
  for (const c of fixture.optimizers) {
    it(`${c.name}: ${fixture.steps} steps`, () => {
      const { W, b, loss } = problem();
      const opt = makeOptimizer(c, W, b);
      for (let step = 0; step < fixture.steps; step++) {
        opt.zeroGrad();
        const l = loss();
        l.backward();
        opt.step();
        const [eW, eb] = c.params[step]!;
        expect(worst([l.itemSync()], [c.losses[step]!], 1e-5, 1e-6), `loss before step ${step + 1}`).toBeLessThanOrEqual(0);
        expect(worst(W.dataSync(), eW.values, 1e-5, 1e-6), `W after step ${step + 1}`).toBeLessThanOrEqual(0);
        expect(worst(b.dataSync(), eb.values, 1e-5, 1e-6), `b after step ${step + 1}`).toBeLessThanOrEqual(0);
      }
    });
  }
});
