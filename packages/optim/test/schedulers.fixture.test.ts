import { describe, expect, it } from 'vitest';
import { ValueError } from '@torchlet/tensor';
import { SCHEDULERS, fixture, setupScheduler } from './helpers.js';

const close = (a: number[], e: number[]) =>
  a.length === e.length && a.every((v, i) => Math.abs(v - e[i]!) <= 1e-12 * Math.max(1, Math.abs(e[i]!)));

describe('learning-rate schedules match PyTorch 1.13', () => {
  it('has a case for every scheduler', () => {
    expect(new Set(fixture.schedulers.map((c) => c.scheduler))).toEqual(new Set(Object.keys(SCHEDULERS)));
  });
  for (const c of fixture.schedulers) {
    it(`${c.name}: ${c.lrs.length - 1} steps`, () => {
      const { opt, make } = setupScheduler(c);
      const sched = make(opt);
      const momentum = () => opt.paramGroups.map((g) => (c.optimizer === 'Adam' ? (g.betas as number[])[0]! : (g.momentum as number)));
      for (let epoch = 0; epoch < c.lrs.length; epoch++) {
        if (epoch > 0) {
          opt.step();
          sched.step();
        }
        expect(close(sched.getLastLr(), c.lrs[epoch]!), `lr at epoch ${epoch}: ${sched.getLastLr()} vs ${c.lrs[epoch]}`).toBe(true);
        expect(opt.paramGroups.map((g) => g.lr)).toEqual(sched.getLastLr());
        if (c.momentum) expect(close(momentum(), c.momentum[epoch]!), `momentum at epoch ${epoch}`).toBe(true);
      }
      if (c.extraStepsBeforeError !== undefined) {
        for (let i = 0; i < c.extraStepsBeforeError; i++) sched.step();
        const before = sched.lastEpoch;
        expect(() => sched.step()).toThrow(ValueError);
        expect(() => sched.step()).toThrow(/Tried to step \d+ times/);
        expect(sched.lastEpoch).toBe(before);
      }
    });
  }
});
