import { describe, expect, it } from 'vitest';
import type { Tensor } from '@torchlet/tensor';
import { AutogradError, arange, getBackend, maskedSelect, memory, nonzero, ones, randn, tensor, zeros } from '@torchlet/tensor';
import { defineFunction, enableGrad, grad, isGradEnabled, noGrad } from '@torchlet/autograd';

const vals = async (t: Tensor) => Array.from(await t.data());

/** Autograd and tensor semantics every backend must keep. */
export function semanticsSuite(device: string): void {
  const opts = { device };
  describe('tensor semantics', () => {
    it('views share storage; contiguous() copies only when needed', async () => {
      const a = arange(6, opts).view(2, 3);
      const v = a.t();
      expect(v.isContiguous()).toBe(false);
      expect(v.contiguous()).not.toBe(v);
      expect(a.contiguous()).toBe(a);
      a.view(-1).narrow(0, 1, 1).fill_(42);
      expect(await vals(v)).toEqual([0, 3, 42, 4, 2, 5]);
      expect(v.shape).toEqual([3, 2]);
      expect(v.stride()).toEqual([1, 3]);
    });
    it('size(), numel(), ndim and readback helpers', async () => {
      const z = zeros(1, 2, 3, opts);
      expect(z.size()).toEqual([1, 2, 3]);
      expect(z.size(-1)).toBe(3);
      expect(z.numel()).toBe(6);
      expect(z.ndim).toBe(3);
      expect(z.device).toBe(device);
      expect(
        await tensor(
          [
            [1, 2],
            [3, 4],
          ],
          opts,
        ).toArray(),
      ).toEqual([
        [1, 2],
        [3, 4],
      ]);
      expect(await tensor([2.5], opts).item()).toBe(2.5);
      expect(await tensor([true, false], opts).toArray()).toEqual([true, false]);
    });
    it('in-place ops write through views and bump the version', async () => {
      const a = zeros(2, 3, opts);
      const row = a.select(0, 1);
      const v0 = a.version;
      row.add_(tensor([1, 2, 3], { ...opts, dtype: 'float32' }));
      row.mul_(2);
      expect(a.version).toBe(v0 + 2);
      expect(await vals(a)).toEqual([0, 0, 0, 2, 4, 6]);
      a.t().copy_(ones(3, 2, opts));
      expect(await vals(a)).toEqual([1, 1, 1, 1, 1, 1]);
      a.zero_();
      expect(await vals(a)).toEqual([0, 0, 0, 0, 0, 0]);
    });
    it('nonzero() and maskedSelect() read the mask back asynchronously', async () => {
      const x = arange(6, opts).view(2, 3).float();
      const mask = x.gt(2.5);
      expect(await (await nonzero(mask)).toArray()).toEqual([
        [1, 0],
        [1, 1],
        [1, 2],
      ]);
      expect(Array.from(await (await maskedSelect(x, mask)).data())).toEqual([3, 4, 5]);
      const rowMask = tensor([true, false, true], opts);
      expect(Array.from(await (await maskedSelect(x, rowMask)).data())).toEqual([0, 2, 3, 5]);
    });
    it('boolean-mask indexing reads the mask, or names the async way where reads cannot block', async () => {
      const x = arange(4, opts).float();
      const mask = x.gt(1.5);
      if (getBackend(device).readSync) expect(Array.from(await x.index(mask).data())).toEqual([2, 3]);
      else expect(() => x.index(mask)).toThrow(/await maskedSelect\(x, mask\)/);
    });
    it('dispose() releases memory once no view uses the storage', () => {
      // large enough to be counted everywhere (the CPU engine keeps small tensors as plain JS arrays)
      const before = memory(device).numBytes;
      const a = zeros(100_000, opts);
      const v = a.view(100, 1000);
      expect(memory(device).numBytes).toBeGreaterThanOrEqual(before + 400_000);
      a.dispose();
      expect(memory(device).numBytes).toBeGreaterThanOrEqual(before + 400_000);
      v.dispose();
      expect(memory(device).numBytes).toBe(before);
      expect(() => v.add(1)).toThrow(/after dispose/);
    });
  });

  describe('autograd semantics', () => {
    it("the tutorial's example: sum(a*a*a) for a = [3, 2] gives a.grad = [27, 12]", async () => {
      const a = tensor([3, 2], { ...opts, dtype: 'float32', requiresGrad: true });
      const c = a.mul(a).mul(a).sum();
      c.backward();
      expect(await vals(a.grad!)).toEqual([27, 12]);
      expect(a.isLeaf).toBe(true);
      expect(c.isLeaf).toBe(false);
      expect(c.gradFn!.name).toBe('SumBackward0');
    });
    it('gradients accumulate until zeroed', async () => {
      const w = tensor([1, 2], { ...opts, dtype: 'float32', requiresGrad: true });
      w.mul(3).sum().backward();
      w.mul(3).sum().backward();
      expect(await vals(w.grad!)).toEqual([6, 6]);
      w.grad!.zero_();
      w.mul(w).sum().backward();
      expect(await vals(w.grad!)).toEqual([2, 4]);
    });
    it('non-scalar backward needs a gradient; with one it works', async () => {
      const x = tensor([1, 2, 3], { ...opts, dtype: 'float32', requiresGrad: true });
      const y = x.mul(2);
      expect(() => y.backward()).toThrow(/implicitly created only for scalar outputs/);
      y.backward(tensor([1, 0.5, 0], { ...opts, dtype: 'float32' }));
      expect(await vals(x.grad!)).toEqual([2, 1, 0]);
    });
    it('retainGraph and the freed-graph error', async () => {
      const x = tensor([1, 2], { ...opts, dtype: 'float32', requiresGrad: true });
      const y = x.exp().sum();
      y.backward(undefined, { retainGraph: true });
      y.backward();
      expect(() => y.backward()).toThrow(/backward through the graph a second time/);
      const e = Math.exp(1);
      const [g0] = await vals(x.grad!);
      expect(g0).toBeCloseTo(2 * e, 5);
    });
    it('in-place changes to saved tensors are detected', () => {
      const x = tensor([1, 2], { ...opts, dtype: 'float32', requiresGrad: true });
      const h = x.mul(2);
      const y = h.mul(h).sum();
      noGrad(() => h.add_(1));
      let err: unknown;
      try {
        y.backward();
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(AutogradError);
      expect((err as Error).message).toMatch(
        /modified by an in-place operation: a tensor of shape \[2\] is at version 1; expected version 0/,
      );
    });
    it('in-place on a leaf that requires grad is refused outside noGrad', async () => {
      const w = tensor([1, 2], { ...opts, dtype: 'float32', requiresGrad: true });
      expect(() => w.sub_(1)).toThrow(/leaf tensor that requires grad/);
      noGrad(() => w.sub_(1));
      expect(await vals(w)).toEqual([0, 1]);
    });
    it('noGrad records nothing (sync and async); enableGrad re-enables', async () => {
      const x = ones(2, { ...opts, requiresGrad: true });
      const y = noGrad(() => x.mul(2));
      expect(y.requiresGrad).toBe(false);
      const z = await noGrad(async () => {
        await Promise.resolve();
        expect(isGradEnabled()).toBe(false);
        return x.mul(2);
      });
      expect(z.requiresGrad).toBe(false);
      expect(isGradEnabled()).toBe(true);
      const w = noGrad(() => enableGrad(() => x.mul(2)));
      expect(w.requiresGrad).toBe(true);
    });
    it('detach() cuts the graph; retainGrad() keeps non-leaf gradients', async () => {
      const x = tensor([1, 2], { ...opts, dtype: 'float32', requiresGrad: true });
      const h = x.mul(3).retainGrad();
      const d = h.detach();
      expect(d.requiresGrad).toBe(false);
      h.mul(h).sum().backward();
      expect(await vals(h.grad!)).toEqual([6, 12]);
      expect(await vals(x.grad!)).toEqual([18, 36]);
    });
    it('grad() with allowUnused and higher order through createGraph: d2/dx2 x^3 = 6x', async () => {
      const x = tensor([1, 2], { ...opts, dtype: 'float32', requiresGrad: true });
      const u = tensor([5], { ...opts, dtype: 'float32', requiresGrad: true });
      const y = x.pow(3).sum();
      expect(() => grad(y, [x, u], { retainGraph: true })).toThrow(/not have been used/);
      const [dx, du] = grad(y, [x, u], { createGraph: true, allowUnused: true });
      expect(du).toBeNull();
      expect(await vals(dx!)).toEqual([3, 12]);
      const [d2] = grad(dx!.sum(), x);
      expect(await vals(d2!)).toEqual([6, 12]);
      expect(x.grad).toBeNull();
    });
    it('comparisons and argmax are not differentiable', () => {
      const x = randn(3, { ...opts, requiresGrad: true });
      expect(x.gt(0).requiresGrad).toBe(false);
      expect(x.argmax().requiresGrad).toBe(false);
      expect(() => x.gt(0).float().sum().backward()).toThrow(/does not require grad/);
    });
    it('custom differentiable functions', async () => {
      const cube = defineFunction({
        name: 'Cube',
        forward(ctx, x) {
          ctx.saveForBackward(x);
          return x.mul(x).mul(x);
        },
        backward(ctx, g) {
          const [x] = ctx.savedTensors;
          return [g.mul(x!.mul(x!)).mul(3)];
        },
      });
      const x = tensor([1, -2], { ...opts, dtype: 'float32', requiresGrad: true });
      const y = cube(x);
      expect(y.gradFn!.name).toBe('CubeBackward');
      y.sum().backward();
      expect(await vals(x.grad!)).toEqual([3, 12]);
    });
  });
}
