import { describe, expect, it } from 'vitest';
import { checkLeaks, nn, randn, registerCpuBackend, scope, setBackend, type Tensor } from '../src/index.js';

describe('checkLeaks', () => {
  it('reports the tensors a block leaves alive, and where they were made', async () => {
    await setBackend('cpu');
    const kept: Tensor[] = [];
    const report = await checkLeaks(() => {
      randn(3).dispose();
      scope(() => randn(100_000).exp());
      kept.push(randn(2, 5));
    });
    expect(report.live).toHaveLength(1);
    expect(report.live[0]!.shape).toEqual([2, 5]);
    expect(report.live[0]!.createdAt).toMatch(/leaks\.test\.ts/);
    expect(String(report)).toMatch(/1 tensor made in the block is still alive:\n {2}\[2, 5\] float32 on cpu/);
  });
  it('finds nothing left by a training step of a module', async () => {
    const model = new nn.Linear(8, 2);
    const x = randn(4, 8);
    const report = await checkLeaks(() => {
      model.call(x).sum().backward();
    });
    // the gradients stay (they are the step's result), the forward's temporaries do not
    const shapes = report.live.map((t) => t.shape.join('x')).sort();
    expect(shapes).toEqual(['2', '2x8']);
  });
});

describe('checkLeaks on every backend, and per async task', () => {
  for (const backend of ['cpu', 'cpu-js']) {
    it(`reports where a leaked tensor was made on ${backend}`, async () => {
      if (backend === 'cpu-js') registerCpuBackend({ name: 'cpu-js', engine: 'js' });
      await setBackend(backend);
      const kept: Tensor[] = [];
      const report = await checkLeaks(() => {
        kept.push(randn(3, 2).relu());
      });
      expect(report.live.map((t) => [t.shape, t.device])).toEqual([[[3, 2], backend]]);
      expect(report.live[0]!.createdAt).toMatch(/leaks\.test\.ts/);
    });
  }
  it('a check does not count tensors that concurrent code makes', async () => {
    await setBackend('cpu');
    const elsewhere: Tensor[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const checking = checkLeaks(async () => {
      await gate;
      return scope(() => randn(2).exp());
    });
    await new Promise((r) => setTimeout(r, 5));
    elsewhere.push(randn(4));
    release();
    const report = await checking;
    expect(report.live.map((t) => t.shape)).toEqual([]);
    expect(elsewhere[0]!.isDisposed).toBe(false);
  });
});
