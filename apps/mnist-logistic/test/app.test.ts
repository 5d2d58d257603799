import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { runApp } from '@torchlet/app-kit';

const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));
/** PyTorch 1.13, same program (batch 1, lr 0.001, normalised inputs, 2 epochs): 86.2-86.6% over seeds */
const PYTORCH_ACCURACY = 0.864;

// Test accuracy of this exact run for seeds 1-5 (`node tooling/baselines/app-floors.mjs mnist-logistic`):
// 85.76%, 86.18%, 86.79%, 86.11%, 86.19%. The floor sits 0.76 points under the lowest seed.
const FLOOR = 0.85;

it('the full tutorial run (2 epochs, batch 1) reaches PyTorch accuracy within 1.5 points and at least 85%', async () => {
  const { stdout, metrics } = await runApp(main, ['--seed', '1']);
  expect(stdout).toMatch(/device: cpu/);
  const acc = metrics!.epochs.at(-1)!.testAccuracy!;
  expect(metrics!.epochs).toHaveLength(2);
  expect(acc).toBeGreaterThanOrEqual(FLOOR);
  expect(Math.abs(acc - PYTORCH_ACCURACY)).toBeLessThanOrEqual(0.015);
}, 600_000);
