// The accuracy each app test's configuration reaches for seeds 1 to 5, so the tests' floors can
// be set to hold for every seed (issue 16). Runs every configuration one at a time, exactly as
// the app tests run it (built apps/*/dist/main.js, same flags), and prints one line per run.
//
// Run after `pnpm build`: nice -n 19 node tooling/baselines/app-floors.mjs [config-substring ...]
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = fileURLToPath(new URL('../../', import.meta.url));
const main = (app) => join(root, 'apps', app, 'dist', 'main.js');

// app, test, flags (without --seed): the same flags as the app's test file
const CONFIGS = [
  ['mnist-logistic', 'full 2 epochs, batch 1', []],
  ['mnist-simplenet', '10,000 samples, 1 epoch', ['--limit', '10000', '--epochs', '1']],
  ['mnist-cnn', 'Net1, 12,800 samples', ['--model', 'net1', '--limit', '12800']],
  ['mnist-cnn', 'Net2, 3,200 samples, lr 0.05', ['--model', 'net2', '--limit', '3200', '--lr', '0.05']],
  ['mnist-cnn', 'cpu side of the webgpu test: 2,000 samples, batch 16', ['--limit', '2000', '--batch-size', '16', '--backend', 'cpu']],
];

const filters = process.argv.slice(2);
const seeds = [1, 2, 3, 4, 5];
for (const [app, name, flags] of CONFIGS) {
  if (filters.length && !filters.some((f) => `${app} ${name}`.includes(f))) continue;
  const accs = [];
  for (const seed of seeds) {
    const out = await mkdtemp(join(tmpdir(), 'app-floors-'));
    const t0 = Date.now();
    await promisify(execFile)(process.execPath, [main(app), ...flags, '--seed', String(seed), '--out', out], { maxBuffer: 64 << 20 });
    const metrics = JSON.parse(await readFile(join(out, 'metrics.json'), 'utf8'));
    await rm(out, { recursive: true, force: true });
    const acc = metrics.epochs.at(-1).testAccuracy;
    accs.push(acc);
    console.log(`${app} | ${name} | seed ${seed} | ${(100 * acc).toFixed(2)}% | ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  }
  console.log(`${app} | ${name} | min ${(100 * Math.min(...accs)).toFixed(2)}% max ${(100 * Math.max(...accs)).toFixed(2)}%`);
}
