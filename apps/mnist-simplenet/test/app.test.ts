import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { runApp } from '@torchlet/app-kit';

const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));

// Test accuracy of this exact run for seeds 1-5 (`node tooling/baselines/app-floors.mjs mnist-simplenet`):
// 90.01%, 89.79%, 90.12%, 89.70%, 89.26%. The floor sits 1.26 points under the lowest seed.
const FLOOR = 0.88;

it('a short run (10,000 samples, one epoch) learns MNIST with nn.Linear and optim.SGD', async () => {
  const { stdout, metrics } = await runApp(main, ['--limit', '10000', '--epochs', '1']);
  expect(stdout).toContain('SimpleNet(\n  (linear): Linear(in_features=784, out_features=10, bias=True)\n)');
  expect(metrics!.epochs[0]!.testAccuracy!).toBeGreaterThan(FLOOR);
  expect(metrics!.steps.length).toBeGreaterThan(10);
}, 300_000);

it('Ctrl-C stops cleanly after the current step and still prints and writes the results', async () => {
  const { spawn } = await import('node:child_process');
  const { mkdtemp, readFile } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const out = await mkdtemp(join(tmpdir(), 'simplenet-int-'));
  const child = spawn(process.execPath, [main, '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const code = await new Promise<number | null>((resolve) => {
    child.stdout.on('data', (d) => {
      stdout += d;
      if (/epoch 1\/2 \[/.test(stdout) && !child.killed) child.kill('SIGINT');
    });
    child.on('exit', (c) => resolve(c));
  });
  expect(code).toBe(0);
  expect(stderr).toContain('Interrupted: finishing the current step');
  expect(stdout).toContain('Stopped early; evaluating the model as it is now');
  expect(stdout).toMatch(/summary: test loss [\d.]+, test accuracy [\d.]+%/);
  const metrics = JSON.parse(await readFile(join(out, 'metrics.json'), 'utf8'));
  expect(metrics.interrupted).toBe(true);
}, 300_000);
