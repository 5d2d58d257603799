import { beforeAll, describe, expect, it } from 'vitest';
import { registerCpuBackend } from '@torchlet/backend-cpu';
import { manualSeed, randn } from '@torchlet/tensor';
import { exportOnnx } from '../src/index.js';
import { maxAbsDiff, runOrtAll, torchletOuts } from './helpers.js';
import { Elementwise, Shapes } from './models.js';

beforeAll(() => registerCpuBackend());

describe('elementwise, shape and reduction ops in onnxruntime', () => {
  for (const [name, Model] of [['elementwise', Elementwise], ['shapes', Shapes]] as const) {
    for (const opset of [13, 17, 18]) {
      it(`${name}, opset ${opset}`, async () => {
        manualSeed(3);
        const model = new Model();
        const bytes = await exportOnnx(model, randn(4, 6), { dynamicAxes: name === 'elementwise' ? { input: [0] } : {}, opsetVersion: opset });
        const x = name === 'elementwise' ? randn(5, 6) : randn(4, 6);
        const got = await runOrtAll(bytes, { input: x });
        const want = await torchletOuts(model, x);
        expect(got.length).toBe(want.length);
        got.forEach((g, k) => {
          expect(g.dims, `output ${k}`).toEqual(want[k]!.shape);
          expect(maxAbsDiff(g.data, want[k]!.data), `output ${k}`).toBeLessThan(1e-5);
        });
      });
    }
  }
});
