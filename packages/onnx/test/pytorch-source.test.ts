import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { registerCpuBackend } from '@torchlet/backend-cpu';
import type { Tensor } from '@torchlet/tensor';
import { manualSeed, randn } from '@torchlet/tensor';
import { noGrad } from '@torchlet/autograd';
import * as nn from '@torchlet/nn/node';
import { PyTorchSourceError, toPyTorchSource } from '../src/index.js';
import { BnNet, Net1, Net2, mlp } from './models.js';
import { maxAbsDiff } from './helpers.js';

beforeAll(() => registerCpuBackend());

/** Every standard layer, in one Sequential with non-default settings. */
const layers = () =>
  new nn.Sequential(
    new nn.Conv2d(3, 4, 3, { padding: 1, bias: false }),
    new nn.BatchNorm2d(4, { momentum: 0.2, eps: 1e-3 }),
    new nn.LeakyReLU(0.2),
    new nn.MaxPool2d(2),
    new nn.AvgPool2d(2, { stride: 1 }),
    new nn.AdaptiveAvgPool2d([2, 2]),
    new nn.Flatten(),
    new nn.Linear(16, 8),
    new nn.LayerNorm([8]),
    new nn.GELU({ approximate: 'tanh' }),
    new nn.Dropout(0.1),
    new nn.Linear(8, 6),
    new nn.BatchNorm1d(6),
    new nn.Tanh(),
    new nn.Identity(),
    new nn.Sigmoid(),
    new nn.Softmax(1),
  );

class Residual extends nn.Module {
  a = new nn.Linear(5, 5);
  b = new nn.Linear(5, 5);
  forward(x: Tensor): Tensor {
    const h = this.a.call(x);
    return this.b.call(h).add(h);
  }
}

describe('toPyTorchSource', () => {
  it("translates Net2's layers and forward", () => {
    const src = toPyTorchSource(new Net2(), { sampleInputs: randn(2, 1, 28, 28) });
    expect(src).toContain('import torch\nfrom torch import nn\n');
    expect(src).toContain(
      'class Net2(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.head = nn.Sequential(\n            nn.Conv2d(1, 10, kernel_size=(5, 5), stride=(1, 1)),',
    );
    expect(src).toContain(
      '    def forward(self, x):\n        x = self.head(x)\n        x = x.flatten(1)\n        x = self.tail(x)\n        return x\n',
    );
  });
  it('writes a Sequential as an nn.Sequential subclass, a residual block with +', () => {
    expect(toPyTorchSource(mlp())).toContain(
      'class Model(nn.Sequential):\n    def __init__(self):\n        super().__init__(\n            nn.Linear(in_features=12, out_features=32, bias=True),\n            nn.Tanh(),',
    );
    expect(toPyTorchSource(new Residual(), { sampleInputs: randn(3, 5) })).toContain(
      '        x = self.a(x)\n        h1 = self.b(x)\n        h2 = h1 + x\n        return h2',
    );
  });
  it("says what to write instead for Net1's own forward", () => {
    const err = (() => {
      try {
        toPyTorchSource(new Net1(), { sampleInputs: randn(1, 1, 28, 28) });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(err).toBeInstanceOf(PyTorchSourceError);
    expect(err!.message).toMatch(/Net1.forward runs F.maxPool2d .* itself, between its layers/);
    expect(err!.message).toMatch(/Write Net1's forward in Python \(docs\/scale-out.md shows Net1's\), or build the model from layers/);
  });
  it('asks for sample inputs, and refuses weights outside layers', () => {
    expect(() => toPyTorchSource(new Net2())).toThrow(/Net2 has its own forward, .* pass sampleInputs/);
    class Affine extends nn.Module {
      w = new nn.Parameter(randn(3));
      forward(x: Tensor) {
        return x.mul(this.w);
      }
    }
    expect(() => toPyTorchSource(new Affine(), { sampleInputs: randn(2, 3) })).toThrow(/Affine holds parameters or buffers itself \(w\)/);
  });
});

// PyTorch runs the generated source with Torchlet's weights. .ci/run installs python3-torch, so in CI a
// missing torch fails the test; elsewhere the test says what to install.
const PYTHON = '/usr/bin/python3';
const hasTorch = spawnSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
const inCI = !!process.env.CI;
const script = fileURLToPath(new URL('../scripts/run_pytorch_source.py', import.meta.url));

describe('PyTorch runs the generated source with Torchlet weights', () => {
  if (!hasTorch && !inCI) {
    it.skip(`needs PyTorch on ${PYTHON} (apt-get install python3-torch; .ci/run installs it)`, () => {});
    return;
  }
  const cases: [string, () => nn.Module, number[], string | null][] = [
    ['Net2', () => new Net2(), [3, 1, 28, 28], 'Net2'],
    ['BnNet', () => new BnNet(), [3, 3, 8, 8], 'BnNet'],
    ['MLP', mlp, [4, 12], null],
    ['every standard layer', layers, [3, 3, 8, 8], null],
  ];
  for (const [name, make, shape, printed] of cases) {
    it(`${name}: same output and the same printed module`, async () => {
      expect(hasTorch, `${PYTHON} cannot import torch: .ci/run must install python3-torch`).toBe(true);
      manualSeed(11);
      const model = make();
      noGrad(() =>
        model.call(
          randn([8, ...shape.slice(1)])
            .mul(2)
            .add(1),
        ),
      ); // running statistics move
      model.eval();
      const x = randn(shape);
      const want = (await noGrad(() => model.call(x) as Tensor).data()) as Float32Array;
      const dir = mkdtempSync(join(tmpdir(), 'torchlet-pysrc-'));
      const src = toPyTorchSource(model, { sampleInputs: x });
      writeFileSync(join(dir, 'model.py'), src);
      await nn.saveFile(model.stateDict(), join(dir, 'weights.safetensors'));
      await nn.saveFile({ input: x }, join(dir, 'input.safetensors'));
      const r = spawnSync(
        PYTHON,
        [
          script,
          join(dir, 'model.py'),
          printed ?? 'Model',
          join(dir, 'weights.safetensors'),
          join(dir, 'input.safetensors'),
          join(dir, 'out.safetensors'),
        ],
        { encoding: 'utf8' },
      );
      expect(r.status, r.stderr).toBe(0);
      const got = nn.load(new Uint8Array(await readFile(join(dir, 'out.safetensors')))).output!;
      expect(got.shape).toEqual(x.shape.slice(0, 1).concat(got.shape.slice(1)));
      expect(maxAbsDiff((await got.data()) as Float32Array, want)).toBeLessThan(1e-5);
      if (printed) expect(r.stdout.trim()).toBe(String(model));
      else expect(r.stdout.trim()).toBe(String(model).replace(/^Sequential\(/, 'Model('));
    });
  }
});
