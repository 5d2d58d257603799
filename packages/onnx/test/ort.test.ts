import { beforeAll, describe, expect, it } from 'vitest';
import { registerCpuBackend } from '@torchlet/backend-cpu';
import { manualSeed, randn } from '@torchlet/tensor';
import { noGrad } from '@torchlet/autograd';
import { exportOnnx } from '../src/index.js';
import { BATCH_AXIS, MODELS } from './models.js';
import { maxAbsDiff, runOrt, torchletOut } from './helpers.js';

beforeAll(() => registerCpuBackend());

describe('exported models in onnxruntime match Torchlet (dynamic batch)', () => {
  for (const [name, make, sample] of MODELS) {
    it(name, async () => {
      manualSeed(7);
      const model = make();
      // batch norm: running statistics and affine parameters away from their 0/1 defaults
      noGrad(() => {
        for (let i = 0; i < 3; i++)
          model.call(
            randn([16, ...sample])
              .mul(2)
              .add(1),
          );
        for (const [k, p] of model.namedParameters())
          if (k.startsWith('features.1') || k.startsWith('bn'))
            p.copy_(
              randn([...p.shape])
                .mul(0.5)
                .add(1),
            );
      });
      const bytes = await exportOnnx(model, randn([2, ...sample]), { dynamicAxes: BATCH_AXIS });
      for (const batch of [1, 7]) {
        const x = randn([batch, ...sample]);
        const ort = await runOrt(bytes, { input: x });
        const want = await torchletOut(model, x);
        const diff = maxAbsDiff(ort.data, want);
        console.log(`${name}: batch ${batch}, max |onnxruntime - torchlet| = ${diff.toExponential(2)}`);
        expect(ort.dims[0]).toBe(batch);
        expect(diff).toBeLessThan(1e-5);
      }
    });
  }
});
