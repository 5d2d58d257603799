import { describe, expect, it } from 'vitest';
import { Generator, randn, zeros } from '@torchlet/tensor';
import { noGrad } from '@torchlet/autograd';

/** A small end-to-end fit: softmax regression by hand with manual SGD. */
export function trainingSuite(device: string): void {
  describe('training', () => {
    it('softmax regression by hand learns a separable problem', async () => {
      const generator = new Generator(7);
      const n = 128;
      const x = randn(n, 4, { device, generator });
      const trueW = randn(4, 3, { device, generator });
      const labels = x.matmul(trueW).argmax(1);
      const W = zeros(4, 3, { device, requiresGrad: true });
      const b = zeros(3, { device, requiresGrad: true });
      let first = 0;
      let last = 0;
      for (let step = 0; step < 60; step++) {
        const logp = x.mm(W).add(b).logSoftmax(1);
        const loss = logp.gather(1, labels.unsqueeze(1)).mean().neg();
        loss.backward();
        noGrad(() => {
          W.sub_(W.grad!.mul(0.5));
          b.sub_(b.grad!.mul(0.5));
          W.grad!.zero_();
          b.grad!.zero_();
        });
        const l = await loss.item();
        if (step === 0) first = l;
        last = l;
      }
      expect(first).toBeCloseTo(Math.log(3), 4);
      expect(last).toBeLessThan(0.35);
      const acc = await x.mm(W).add(b).argmax(1).eq(labels).float().mean().item();
      expect(acc).toBeGreaterThan(0.9);
    });
  });
}
