import { conv2d, getBackend, logSoftmax, manualSeed, maxPool2d, nllLoss2d, randint, randn, type Tensor } from '@torchlet/tensor';
import { grad } from '@torchlet/autograd';

/** What one run reports: the engine in use and a few numbers to compare across platforms. */
export interface TrainResult {
  engine: string;
  threads: number;
  /** jobs worker threads have taken so far */
  threadJobs: number;
  losses: number[];
  checksum: number;
}

/**
 * A small CNN trained for a few SGD steps on seeded random data: conv, pooling, matmul,
 * elementwise ops, fused logSoftmax + nll and their gradients all run.
 */
export function trainSteps(device: string, steps = 3): TrainResult {
  manualSeed(11);
  const o = { device };
  const w1 = randn(8, 1, 5, 5, o).mul(0.2).requiresGrad_();
  const w2 = randn(10, 8 * 12 * 12, o)
    .mul(0.02)
    .requiresGrad_();
  const x = randn(32, 1, 28, 28, o);
  const y = randint(0, 10, [32], o);
  const losses: number[] = [];
  for (let s = 0; s < steps; s++) {
    const h = maxPool2d(conv2d(x, w1), 2).relu().reshape(32, -1);
    const loss = nllLoss2d(logSoftmax(h.matmul(w2.t()), 1), y, { ignoreIndex: -100, reduction: 'mean' });
    const [g1, g2] = grad(loss, [w1, w2]) as [Tensor, Tensor];
    w1.detach().sub_(g1.mul(0.1));
    w2.detach().sub_(g2.mul(0.1));
    losses.push(loss.itemSync());
  }
  const b = getBackend(device) as unknown as { constructor: { name: string }; threads?: number; memory(): { threadJobs?: number } };
  return {
    engine: b.constructor.name,
    threads: b.threads ?? 1,
    threadJobs: b.memory().threadJobs ?? 0,
    losses,
    checksum: w1.sum().itemSync() + w2.sum().itemSync(),
  };
}

/** Large matmuls, yielding between them, until worker threads take jobs (at most `ms`). */
export async function warmThreads(device: string, ms = 20_000): Promise<void> {
  const b = getBackend(device) as unknown as { threads?: number; memory(): { threadJobs?: number } };
  if ((b.threads ?? 1) < 2) return;
  const a = randn(256, 300, { device });
  const c = randn(300, 200, { device });
  const t0 = Date.now();
  while (!b.memory().threadJobs && Date.now() - t0 < ms) {
    a.matmul(c).dispose();
    await new Promise((r) => setTimeout(r, 20));
  }
}
