import { describe, expect, it } from 'vitest';
import { arange, Generator, IndexError, ShapeError, tensor, ValueError, type Tensor } from '@torchlet/tensor';
import { ConcatDataset, Dataset, defaultCollate, randomSplit, Subset, TensorDataset } from '../src/index.js';
import './setup.js';

class Range extends Dataset<number> {
  constructor(
    readonly n: number,
    readonly offset = 0,
  ) {
    super();
  }
  get length(): number {
    return this.n;
  }
  get(i: number): number {
    return this.offset + i;
  }
}

describe('TensorDataset', () => {
  const x = arange(12).view(6, 2);
  const y = tensor([0, 1, 0, 1, 0, 1]);
  const ds = new TensorDataset(x, y);

  it('gives rows of each tensor', () => {
    expect(ds.length).toBe(6);
    const [xi, yi] = ds.get(2);
    expect(Array.from(xi.dataSync())).toEqual([4, 5]);
    expect(yi.itemSync()).toBe(0);
    expect(Array.from(ds.get(-1)[0].dataSync())).toEqual([10, 11]);
  });

  it('getBatch equals stacking the samples', () => {
    const idx = Int32Array.from([5, 0, 3]);
    const [bx, by] = ds.getBatch(idx);
    const [gx, gy] = defaultCollate(Array.from(idx, (i) => ds.get(i)));
    expect(bx.shape).toEqual([3, 2]);
    expect(Array.from(bx.dataSync())).toEqual(Array.from(gx.dataSync()));
    expect(Array.from(by.dataSync())).toEqual(Array.from(gy.dataSync()));
  });

  it('rejects tensors of different lengths and bad indices', () => {
    expect(() => new TensorDataset(x, tensor([1, 2]))).toThrow(ShapeError);
    expect(() => new TensorDataset()).toThrow(ValueError);
    expect(() => ds.get(6)).toThrow(IndexError);
    expect(() => ds.get(1.5)).toThrow(IndexError);
    expect(() => ds.getBatch(Int32Array.from([0, 6]))).toThrow(IndexError);
  });
});

describe('Subset and randomSplit', () => {
  it('maps indices, and forwards the batched path', () => {
    const base = new TensorDataset(arange(10));
    const sub = new Subset(base, [9, 2, -1]);
    expect(sub.length).toBe(3);
    expect(Array.from(sub.indices)).toEqual([9, 2, 9]);
    expect((sub.get(1) as [Tensor])[0].itemSync()).toBe(2);
    const [b] = sub.getBatch(Int32Array.from([0, 1])) as [Tensor];
    expect(Array.from(b.dataSync())).toEqual([9, 2]);
    expect(() => new Subset(base, [10])).toThrow(IndexError);
  });

  it('splits into disjoint parts that cover the dataset, reproducibly', () => {
    const ds = new Range(10);
    const [a, b] = randomSplit(ds, [7, 3], new Generator(1));
    expect([a!.length, b!.length]).toEqual([7, 3]);
    const all = [...a!.indices, ...b!.indices].sort((p, q) => p - q);
    expect(all).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const [a2] = randomSplit(ds, [7, 3], new Generator(1));
    expect(Array.from(a2!.indices)).toEqual(Array.from(a!.indices));
  });

  it('takes fractions, giving the remainder to the first parts', () => {
    const parts = randomSplit(new Range(10), [0.25, 0.25, 0.5], new Generator(0));
    expect(parts.map((p) => p.length)).toEqual([3, 2, 5]); // floor(2.5), floor(2.5), floor(5), then the 1 left over to the first, as PyTorch;
    expect(() => randomSplit(new Range(10), [5, 4])).toThrow(/add up to 9 but the dataset has 10/);
    expect(() => randomSplit(new Range(10), [0.5, 0.4])).toThrow(ValueError);
  });
});

describe('ConcatDataset', () => {
  it('chains datasets', () => {
    const c = new ConcatDataset([new Range(3), new Range(0), new Range(4, 100)]);
    expect(c.length).toBe(7);
    expect(Array.from({ length: 7 }, (_, i) => c.get(i))).toEqual([0, 1, 2, 100, 101, 102, 103]);
    expect(c.get(-1)).toBe(103);
    expect(c.cumulativeSizes).toEqual([3, 3, 7]);
    expect(() => c.get(7)).toThrow(IndexError);
    expect(() => new ConcatDataset([])).toThrow(ValueError);
  });
});
