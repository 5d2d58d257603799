import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { registerCpuBackend } from '@torchlet/backend-cpu';
import { manualSeed, randn } from '@torchlet/tensor';
import type { Module } from '@torchlet/nn';
import { exportOnnx } from '../src/index.js';
import { BATCH_AXIS, Elementwise, MODELS, Pools, Shapes } from './models.js';

// The official checker (full_check: with shape inference) from Debian's python3-onnx 1.12, which knows opsets up to 17.
// .ci/run installs it, so in CI (CI set) a missing checker fails the test; elsewhere the test says what to install.
const PYTHON = '/usr/bin/python3';
const hasChecker = spawnSync(PYTHON, ['-c', 'import onnx'], { stdio: 'ignore' }).status === 0;
const inCI = !!process.env.CI;

beforeAll(() => registerCpuBackend());

const models: [string, () => Module, number[]][] = [
  ...MODELS,
  ['Elementwise', () => new Elementwise(), [6]],
  ['Shapes', () => new Shapes(), [6]],
  ['Pools', () => new Pools(), [4, 9, 9]],
];

describe('onnx.checker.check_model(full_check=True) accepts the exports', () => {
  if (!hasChecker && !inCI) {
    it.skip(`needs Debian's python3-onnx for ${PYTHON} (apt-get install python3-onnx; .ci/run installs it)`, () => {});
    return;
  }
  it('Net1, Net2, an MLP, a batch norm model and the op zoos at opsets 13 and 17', async () => {
    expect(hasChecker, `${PYTHON} cannot import onnx: .ci/run must install python3-onnx`).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'torchlet-onnx-check-'));
    const files: string[] = [];
    for (const [name, make, sample] of models) {
      manualSeed(1);
      const dynamicAxes = name === 'Shapes' ? {} : name === 'Elementwise' || name === 'Pools' ? { input: [0] } : BATCH_AXIS;
      for (const opsetVersion of [13, 17]) {
        const file = join(dir, `${name}-${opsetVersion}.onnx`);
        writeFileSync(file, await exportOnnx(make(), randn([4, ...sample]), { dynamicAxes, opsetVersion }));
        files.push(file);
      }
    }
    const script = fileURLToPath(new URL('../scripts/check_onnx.py', import.meta.url));
    const r = spawnSync(PYTHON, [script, ...files], { encoding: 'utf8' });
    console.log(r.stdout.trim());
    expect(r.stdout.split('\n').filter((l) => l.startsWith('ok ')).length).toBe(files.length);
    expect(r.status, r.stdout + r.stderr).toBe(0);
  });
});
