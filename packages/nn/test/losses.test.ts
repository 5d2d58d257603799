import { beforeAll, describe, it } from 'vitest';
import type { Tensor } from '@torchlet/tensor';
import { mul, sum } from '@torchlet/tensor';
import { grad } from '@torchlet/autograd';
import { registerCpuBackend } from '@torchlet/backend-cpu';
import { F } from '../src/index.js';
import { expectClose, fixture, rec } from './fixture.js';

beforeAll(() => registerCpuBackend());

const FNS: Record<string, (a: Tensor, b: Tensor, o: any) => Tensor> = {
  nll_loss: F.nllLoss,
  cross_entropy: F.crossEntropy,
  mse_loss: F.mseLoss,
  l1_loss: F.l1Loss,
  binary_cross_entropy: F.binaryCrossEntropy,
  binary_cross_entropy_with_logits: F.binaryCrossEntropyWithLogits,
};

describe('losses match PyTorch (value and input gradients)', () => {
  for (const c of fixture.losses) {
    it(c.name, async () => {
      const inputs = c.inputs.map(rec);
      for (const i of Object.keys(c.grads)) inputs[+i]!.requiresGrad_(true);
      const options = Object.fromEntries(
        Object.entries(c.options).map(([k, v]) => [k, v && typeof v === 'object' && 'shape' in (v as object) ? rec(v as never) : v]),
      );
      const out = FNS[c.fn]!(inputs[0]!, inputs[1]!, options);
      await expectClose('loss', out, c.output);
      const idx = Object.keys(c.grads).map(Number);
      const grads = grad(sum(mul(out, rec(c.gradOutput))), idx.map((i) => inputs[i]!));
      for (const [k, i] of idx.entries()) await expectClose(`grad of input ${i}`, grads[k], c.grads[String(i)]!);
    });
  }
});
