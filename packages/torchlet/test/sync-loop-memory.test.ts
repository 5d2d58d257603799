import { describe, expect, it } from 'vitest';
import { F, getBackend, manualSeed, memory, nn, optim, randint, randn, setBackend, type Tensor } from '../src/index.js';

// The natural PyTorch training loop: synchronous, never yielding to the event loop, nothing
// disposed by hand. Finalizers never run inside such a loop, so memory must stay flat by itself.
class MLP extends nn.Module {
  fc1 = new nn.Linear(784, 128);
  fc2 = new nn.Linear(128, 10);
  forward(x: Tensor): Tensor {
    return this.fc2.call(F.relu(this.fc1.call(x)));
  }
}

const MB = 2 ** 20;

describe('a synchronous training loop on the cpu backend', () => {
  it('keeps RSS and memory() flat over 3,000 steps of a 784-128-10 MLP at batch 64', async () => {
    await setBackend('cpu');
    manualSeed(1);
    const model = new MLP();
    const opt = new optim.SGD(model.parameters(), { lr: 0.01, momentum: 0.9 });
    const x = randn(64, 784);
    const y = randint(0, 10, [64]);
    const step = () => {
      opt.zeroGrad();
      F.crossEntropy(model.call(x), y).backward();
      opt.step();
    };
    // RSS after a full collection at both ends (synchronous: the loop still never yields, so
    // finalizers still never run): what is retained, not where V8's young generation happens to be
    const gc = (globalThis as { gc?: () => void }).gc;
    if (!gc) throw new Error('run with --expose-gc (the package test script does)');
    for (let i = 0; i < 200; i++) step();
    gc();
    const rss0 = process.memoryUsage().rss;
    const mem0 = memory('cpu').numBytes;
    for (let i = 0; i < 3000; i++) step();
    gc();
    const rss = process.memoryUsage().rss;
    expect((rss - rss0) / MB).toBeLessThan(30);
    // what the backend reports is what is really held in WebAssembly memory: the input batch and
    // the parameters, gradients and momentum buffers stored there (small tensors live on the JS heap)
    const held = [x, ...[...model.parameters()].flatMap((p) => [p, p.grad, (opt.state.get(p) as { momentumBuffer: Tensor | null } | undefined)?.momentumBuffer])]
      .filter((t): t is Tensor => !!t && t.numel() * 4 > (getBackend('cpu') as unknown as { smallBytes: number }).smallBytes)
      .reduce((s, t) => s + t.numel() * 4, 0);
    const now = memory('cpu');
    expect(held).toBeGreaterThan(0);
    expect(Math.abs(now.numBytes - held) / held).toBeLessThan(0.1);
    expect(now.numBytes).toBe(mem0);
    expect(now.spills).toBe(0);
  }, 300_000);
});
