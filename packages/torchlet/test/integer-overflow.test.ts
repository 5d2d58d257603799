import { beforeAll, describe, expect, it } from 'vitest';
import { full, registerCpuBackend, setBackend, tensor, ValueError, zeros } from '../src/index.js';

// Expected behaviour from PyTorch 1.13 (/usr/bin/python3):
//   torch.tensor([1e10], dtype=torch.int32)  -> RuntimeError value cannot be converted to type int32 without overflow
//   torch.tensor([nan], dtype=torch.int32)   -> the same; uint8 with 256 or -1.0 -> the same for uint8
//   torch.tensor([2e9]*3, dtype=torch.int32).sum() -> tensor(6000000000) (int64, which Torchlet lacks)
// Torchlet never hands back a wrapped-around number: it gives the exact value or a ValueError.
for (const backend of ['cpu', 'cpu-js']) {
  describe(`no silent integer wrap-around (${backend})`, () => {
    beforeAll(async () => {
      if (backend === 'cpu-js') registerCpuBackend({ name: 'cpu-js', engine: 'js' });
      await setBackend(backend);
    });
    it('tensor() of integers beyond int32 with no dtype is a ValueError suggesting float64', () => {
      expect(() => tensor([3e9])).toThrow(ValueError);
      expect(() => tensor([1, -3e9])).toThrow(/integer -3000000000 does not fit int32.*float64/);
      expect(tensor([3e9], { dtype: 'float64' }).toArraySync()).toEqual([3e9]);
      expect(tensor([2147483647, -2147483648]).toArraySync()).toEqual([2147483647, -2147483648]);
    });
    it('values out of range or NaN for int32 and uint8 are refused as PyTorch does', () => {
      expect(() => tensor([1e10, NaN], { dtype: 'int32' })).toThrow(/value 10000000000 cannot be converted to type int32 without overflow/);
      expect(() => tensor([NaN], { dtype: 'int32' })).toThrow(/value NaN cannot be converted to type int32/);
      expect(() => tensor([Infinity], { dtype: 'int32' })).toThrow(ValueError);
      expect(() => tensor([256], { dtype: 'uint8' })).toThrow(/value 256 cannot be converted to type uint8/);
      expect(() => tensor([-1], { dtype: 'uint8' })).toThrow(ValueError);
      expect(() => tensor(new Float32Array([3e9]), { dtype: 'int32' })).toThrow(ValueError);
      expect(() => tensor(new Int32Array([300]), { dtype: 'uint8' })).toThrow(ValueError);
      expect(() => full([2], 3e9, { dtype: 'int32' })).toThrow(ValueError);
      expect(() => zeros(2, { dtype: 'int32' }).add(2 ** 40)).toThrow(ValueError);
      // fractions truncate toward zero, as PyTorch
      expect(tensor([2.7, -2.7, 255.5], { dtype: 'int32' }).toArraySync()).toEqual([2, -2, 255]);
      expect(tensor([255.9], { dtype: 'uint8' }).toArraySync()).toEqual([255]);
    });
    it('an int32 sum that leaves int32 is a ValueError, not 1705032704; sums that fit are exact', () => {
      const x = tensor([2e9, 2e9, 2e9], { dtype: 'int32' });
      expect(() => x.sum()).toThrow(/the sum 6000000000 of int32 values does not fit int32.*to\('float64'\)/);
      expect(x.to('float64').sum().itemSync()).toBe(6e9);
      expect(tensor([2e9, 2e9, -2e9], { dtype: 'int32' }).sum().toArraySync()).toBe(2e9);
      const m = tensor(
        [
          [2e9, -2e9],
          [2e9, 1],
        ],
        { dtype: 'int32' },
      );
      expect(m.sum(1).toArraySync()).toEqual([0, 2000000001]);
      expect(() => m.sum(0)).toThrow(ValueError);
    });
  });
}
