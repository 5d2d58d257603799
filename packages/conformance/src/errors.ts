import { describe, expect, it } from 'vitest';
import { DTypeError, IndexError, ShapeError, ValueError, arange, cat, ones, randn, stack, tensor, zeros } from '@torchlet/tensor';

/** Bad input raises typed errors that name the op, the shapes and the fix. */
export function errorsSuite(device: string): void {
  const opts = { device };
  describe('errors', () => {
    it('broadcasting mismatch names both shapes', () => {
      expect(() => ones(2, 3, opts).add(ones(4, opts))).toThrow(ShapeError);
      expect(() => ones(2, 3, opts).add(ones(4, opts))).toThrow(/add: shapes \[2, 3\] and \[4\] cannot be broadcast/);
    });
    it('view on non-contiguous data suggests reshape or contiguous()', () => {
      const t = arange(6, opts).view(2, 3).t();
      expect(() => t.view(-1)).toThrow(ShapeError);
      expect(() => t.view(-1)).toThrow(/\.reshape\(\.\.\.\).*\.contiguous\(\)/);
      expect(t.reshape(-1).shape).toEqual([6]);
    });
    it('view with a wrong number of elements', () => {
      expect(() => arange(6, opts).view(4, -1)).toThrow(/shape \[4, -1\] is invalid for input of size 6/);
      expect(() => arange(6, opts).view(-1, -1)).toThrow(ValueError);
    });
    it('dims out of range', () => {
      expect(() => ones(2, 3, opts).sum(2)).toThrow(IndexError);
      expect(() => ones(2, 3, opts).sum(2)).toThrow(/dim 2 is out of range for a tensor of 2 dimensions \(expected a dim in \[-2, 1\]\)/);
      expect(() => ones(2, 3, opts).transpose(0, -3)).toThrow(IndexError);
      expect(() => ones(2, 3, opts).select(1, 3)).toThrow(/index 3 is out of bounds for dimension 1 with size 3/);
      expect(() => ones(2, 3, opts).narrow(1, 2, 2)).toThrow(IndexError);
      expect(() => ones(2, 3, opts).index(0, 0, 0)).toThrow(/too many indices/);
    });
    it('index tensors out of range and of the wrong dtype', () => {
      const x = ones(2, 3, opts);
      expect(() => x.indexSelect(0, tensor([2], opts))).toThrow(/index 2 is out of bounds for dimension 0 with size 2/);
      expect(() => x.indexSelect(0, tensor([0.5], opts))).toThrow(DTypeError);
      expect(() => x.gather(1, tensor([[3]], opts))).toThrow(IndexError);
    });
    it('matrix products with bad shapes or mixed dtypes', () => {
      expect(() => ones(2, 3, opts).mm(ones(4, 2, opts))).toThrow(/cannot be multiplied \(2x3 and 4x2\)/);
      expect(() => ones(2, 3, opts).mm(ones(3, opts))).toThrow(/mm expects two 2-D matrices/);
      expect(() => ones(2, 3, opts).matmul(ones(3, 2, { ...opts, dtype: 'float64' }))).toThrow(DTypeError);
      expect(() => ones(2, 3, opts).bmm(ones(2, 3, opts))).toThrow(ShapeError);
    });
    it('bad dtypes', () => {
      expect(() => zeros(2, { ...opts, dtype: 'int64' as never })).toThrow(/unknown dtype "int64"/);
      expect(() => tensor([1, 2], opts).mean()).toThrow(/mean\(\) needs a floating point input/);
      expect(() => tensor([1, 2], { ...opts, requiresGrad: true })).toThrow(/only floating point tensors can require gradients/);
      expect(() => tensor([1, 2], opts).where(tensor([1, 0], opts), 0)).toThrow(/bool tensor/);
      expect(() => tensor([1, 2], opts).add_(0.5)).toThrow(/can't be cast/);
    });
    it('ragged nested arrays and bad elements', () => {
      expect(() => tensor([[1, 2], [3]] as never, opts)).toThrow(ValueError);
      expect(() => tensor([[1, 2], [3]] as never, opts)).toThrow(/ragged nested array/);
      expect(() => tensor([[1, 2], 3] as never, opts)).toThrow(/ragged/);
      expect(() => tensor([1, 'a'] as never, opts)).toThrow(/takes numbers or booleans/);
    });
    it('bad sizes and arguments', () => {
      expect(() => zeros(-1, opts)).toThrow(/sizes must be non-negative integers/);
      expect(() => zeros(1.5, opts)).toThrow(ValueError);
      expect(() => arange(0, 5, 0, opts)).toThrow(/step must be nonzero/);
      expect(() => randn(2, 3, opts).chunk(0)).toThrow(ValueError);
      expect(() => randn(2, 3, opts).split([1, 1], 1)).toThrow(/sum exactly to 3/);
      expect(() => randn(2, 3, opts).expand(3, 3)).toThrow(/expanded size of the tensor \(3\) must match the existing size \(2\)/);
      expect(() => randn(2, 3, opts).permute(0, 0)).toThrow(/repeated dim/);
    });
    it('cat and stack of mismatched shapes', () => {
      expect(() => cat([ones(2, 3, opts), ones(2, 4, opts)], 0)).toThrow(/sizes of tensors must match except in dimension 0/);
      expect(() => stack([ones(2, 3, opts), ones(3, 2, opts)])).toThrow(/stack expects each tensor to be equal size/);
      expect(() => cat([], 0)).toThrow(ValueError);
    });
    it('item() on a tensor with more than one element', async () => {
      await expect(ones(2, opts).item()).rejects.toThrow(/cannot be converted to a number/);
    });
    it('in-place ops that would grow the tensor fail without writing', async () => {
      const a = zeros(3, opts);
      expect(() => a.add_(ones(2, 3, opts))).toThrow(/doesn't match the broadcast shape/);
      expect(Array.from(await a.data())).toEqual([0, 0, 0]);
    });
  });
}
