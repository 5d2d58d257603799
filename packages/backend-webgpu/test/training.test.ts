import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Tensor } from '@torchlet/tensor';
import { conv2d, Generator, maxPool2d, memory, randn, resetRegistry } from '@torchlet/tensor';
import { noGrad } from '@torchlet/autograd';
import { setupBackends } from './helpers.js';

const device = 'webgpu';
const tick = () => new Promise((r) => setTimeout(r, 0));
const gc = (globalThis as { gc?: () => void }).gc;

/** collect what the loop dropped and let the FinalizationRegistry callbacks run */
async function collect(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    gc!();
    await tick();
  }
}

beforeAll(() => setupBackends());
afterAll(() => resetRegistry());

it('a small CNN trains 200 steps with raw ops and autograd, memory flat, without any dispose()', async () => {
  expect(gc, 'the test runner passes --expose-gc').toBeTypeOf('function');
  const g = new Generator(0);
  const param = (scale: number, ...shape: number[]) => randn(shape, { device, generator: g }).mul(scale).requiresGrad_();
  const w1 = param(0.3, 8, 1, 3, 3);
  const b1 = param(0.1, 8);
  const w2 = param(0.07, 200, 10);
  const b2 = param(0.1, 10);
  const params = [w1, b1, w2, b2];
  const teacher = randn([144, 10], { device, generator: g });
  const forward = (x: Tensor) => {
    const h = maxPool2d(conv2d(x, w1, b1), 2).relu();
    return h.flatten(1).matmul(w2).add(b2).logSoftmax(1);
  };

  const samples: { step: number; numBytes: number; numBuffers: number; gpuBytes: number }[] = [];
  const losses: number[] = [];
  for (let step = 0; step < 200; step++) {
    const x = randn([16, 1, 12, 12], { device, generator: g });
    const labels = x.view(16, 144).matmul(teacher).argmax(1);
    const loss = forward(x).gather(1, labels.unsqueeze(1)).mean().neg();
    loss.backward();
    noGrad(() => {
      for (const p of params) {
        p.sub_(p.grad!.mul(0.1));
        p.grad!.zero_();
      }
    });
    losses.push(await loss.item());
    if (step % 40 === 19 || step === 199) {
      await collect();
      const m = memory(device);
      samples.push({ step, numBytes: m.numBytes, numBuffers: m.numBuffers, gpuBytes: m.gpuBytes as number });
    }
  }
  const first = samples[0]!;
  for (const s of samples) {
    expect(s.numBytes, `live bytes at step ${s.step}`).toBe(first.numBytes);
    expect(s.numBuffers, `live buffers at step ${s.step}`).toBe(first.numBuffers);
    // the pool keeps released buffers; between collections it grows to the steps' peak, and stays there
    expect(s.gpuBytes, `GPU bytes (live + pooled) at step ${s.step}`).toBeLessThanOrEqual(first.gpuBytes * 8);
  }
  const last = samples.at(-1)!;
  const middle = samples[2]!;
  expect(last.gpuBytes, 'the pool stops growing once it holds a step worth of buffers').toBeLessThanOrEqual(middle.gpuBytes * 2);
  const mean = (a: number[]) => a.reduce((p, v) => p + v, 0) / a.length;
  expect(Number.isFinite(losses.at(-1)!)).toBe(true);
  expect(mean(losses.slice(-20))).toBeLessThan(mean(losses.slice(0, 20)));
});
