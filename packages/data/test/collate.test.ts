import { describe, expect, it } from 'vitest';
import { fromTypedArray, tensor } from '@torchlet/tensor';
import { DatasetError, defaultCollate } from '../src/index.js';
import './setup.js';

describe('defaultCollate', () => {
  it('stacks tensors on a new first dim', () => {
    const b = defaultCollate([
      tensor([
        [1, 2],
        [3, 4],
      ]),
      tensor([
        [5, 6],
        [7, 8],
      ]),
    ]);
    expect(b.shape).toEqual([2, 2, 2]);
    expect(b.dtype).toBe('int32');
    expect(Array.from(b.dataSync())).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('makes int32 from integers, float32 from other numbers, bool from booleans', () => {
    const ints = defaultCollate([3, 1, 4]);
    expect(ints.dtype).toBe('int32');
    expect(Array.from(ints.dataSync())).toEqual([3, 1, 4]);
    const floats = defaultCollate([0.5, 2]);
    expect(floats.dtype).toBe('float32');
    expect(Array.from(floats.dataSync())).toEqual([0.5, 2]);
    const bools = defaultCollate([true, false]);
    expect(bools.dtype).toBe('bool');
    expect(Array.from(bools.dataSync())).toEqual([1, 0]);
  });

  it('collates tuples, objects, strings and typed arrays field by field', () => {
    const [x, y] = defaultCollate([
      [tensor([1, 2]), 7],
      [tensor([3, 4]), 8],
    ] as [ReturnType<typeof tensor>, number][]);
    expect(x.shape).toEqual([2, 2]);
    expect(Array.from(y.dataSync())).toEqual([7, 8]);
    const o = defaultCollate([
      { name: 'a', pix: new Uint8Array([1, 2, 3]), w: 1.5 },
      { name: 'b', pix: new Uint8Array([4, 5, 6]), w: 2.5 },
    ]);
    expect(o.name).toEqual(['a', 'b']);
    expect(o.pix.shape).toEqual([2, 3]);
    expect(o.pix.dtype).toBe('uint8');
    expect(Array.from(o.pix.dataSync())).toEqual([1, 2, 3, 4, 5, 6]);
    expect(o.w.dtype).toBe('float32');
  });

  it('rejects samples of different structure, with the path of the field', () => {
    expect(() => defaultCollate([[1, 2], [1]])).toThrow(DatasetError);
    expect(() => defaultCollate([{ a: 1 }, { b: 1 }] as object[])).toThrow(/sample\.a is missing in sample 1/);
    expect(() => defaultCollate([{ a: 1 }, { a: 'x' }] as object[])).toThrow(/sample\.a of sample 1 is a string but of sample 0 a number/);
    expect(() => defaultCollate([null, null])).toThrow(/collateFn/);
    expect(() => defaultCollate([])).toThrow(DatasetError);
    expect(() => defaultCollate([new Uint8Array(2), new Uint8Array(3)])).toThrow(/lengths agree/);
  });

  it('keeps the dtype of stacked tensors', () => {
    const b = defaultCollate([fromTypedArray(new Uint8Array([1, 2])), fromTypedArray(new Uint8Array([3, 4]))]);
    expect(b.dtype).toBe('uint8');
  });
});
