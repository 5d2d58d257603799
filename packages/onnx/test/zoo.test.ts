import { beforeAll, describe, expect, it } from 'vitest';
import { registerCpuBackend } from '@torchlet/backend-cpu';
import { manualSeed, randn } from '@torchlet/tensor';
import { exportOnnx } from '../src/index.js';
import { maxAbsDiff, runOrtAll, torchletOuts } from './helpers.js';
import { Elementwise, Pools, Shapes } from './models.js';

beforeAll(() => registerCpuBackend());

describe('elementwise, shape and reduction ops in onnxruntime', () => {
  const cases = [
    ['elementwise', Elementwise, [4, 6], [5, 6]],
    ['shapes', Shapes, [4, 6], [4, 6]],
    ['pools', Pools, [2, 4, 9, 9], [3, 4, 9, 9]],
  ] as const;
  for (const [name, Model, sample, run] of cases) {
    for (const opset of [13, 17, 18]) {
      it(`${name}, opset ${opset}`, async () => {
        manualSeed(3);
        const model = new Model();
        const dynamic = sample[0] !== run[0];
        const bytes = await exportOnnx(model, randn([...sample]), { dynamicAxes: dynamic ? { input: [0] } : {}, opsetVersion: opset });
        const x = randn([...run]);
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
