import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runApp } from '@torchlet/app-kit';

const toOnnx = fileURLToPath(new URL('../dist/to-onnx.js', import.meta.url));
const toDdp = fileURLToPath(new URL('../dist/to-ddp.js', import.meta.url));

describe('scaling out', () => {
  it('to-onnx: the exported CNN gives Torchlet’s predictions in onnxruntime on the whole test set', async () => {
    const { stdout, out } = await runApp(toOnnx, ['--steps', '50']);
    const report = JSON.parse(await readFile(join(out, 'onnx.json'), 'utf8'));
    expect(stdout).toMatch(/exported .*net1\.onnx \(\d+ bytes\) in \d+ ms/);
    expect(report.testSamples).toBe(10000);
    expect(report.maxAbsDiff).toBeLessThan(1e-5);
    expect(Math.abs(report.onnxruntimeAccuracy - report.torchletAccuracy)).toBeLessThanOrEqual(1e-4);
    expect(report.torchletAccuracy).toBeGreaterThan(0.2);
  }, 600_000);
});

// torchrun + DistributedDataParallel need PyTorch on /usr/bin/python3. .ci/run installs python3-torch,
// so in CI (CI set) a missing torch fails this test; elsewhere it says what to install.
const PYTHON = '/usr/bin/python3';
const hasTorch = spawnSync(PYTHON, ['-c', 'import torch.distributed'], { stdio: 'ignore' }).status === 0;
const inCI = !!process.env.CI;

describe('scaling out to PyTorch DDP', () => {
  if (!hasTorch && !inCI) {
    it.skip(`needs PyTorch on ${PYTHON} (apt-get install python3-torch; .ci/run installs it)`, () => {});
    return;
  }
  it('to-ddp: Torchlet 200 steps -> torchrun 2 ranks x 300 DDP steps -> Torchlet, same accuracy as PyTorch to 0.01 points', async () => {
    expect(hasTorch, `${PYTHON} cannot import torch: .ci/run must install python3-torch`).toBe(true);
    const { stdout, out } = await runApp(toDdp, []);
    const r = JSON.parse(await readFile(join(out, 'handoff.json'), 'utf8'));
    console.log(
      stdout
        .split('\n')
        .filter((l) => /^\d\.|^ {3}/.test(l))
        .join('\n'),
    );
    expect(r.nproc).toBe(2);
    expect(r.ranksIdentical).toBe(true);
    expect(r.beforeHandoff.diffPoints).toBeLessThanOrEqual(0.01);
    expect(r.afterDdp.diffPoints).toBeLessThanOrEqual(0.01);
    expect(r.afterDdp.torchlet).toBeGreaterThan(r.beforeHandoff.torchlet);
    expect(r.afterDdp.torchlet).toBeGreaterThan(0.9);
  }, 900_000);
});
