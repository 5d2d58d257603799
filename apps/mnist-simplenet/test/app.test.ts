import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { runApp } from '@torchlet/app-kit';

const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));

it('a short run (10,000 samples, one epoch) learns MNIST with nn.Linear and optim.SGD', async () => {
  const { stdout, metrics } = await runApp(main, ['--limit', '10000', '--epochs', '1']);
  expect(stdout).toContain('SimpleNet(\n  (linear): Linear(in_features=784, out_features=10, bias=True)\n)');
  expect(metrics!.epochs[0]!.testAccuracy!).toBeGreaterThan(0.85);
  expect(metrics!.steps.length).toBeGreaterThan(10);
}, 300_000);
