import { describe, expect, it } from 'vitest';
import { arange, fromTypedArray, Generator, manualSeed, type Tensor, ValueError } from '@torchlet/tensor';
import { DataLoader, Dataset, DatasetError, TensorDataset } from '../src/index.js';
import './setup.js';

/** 10 gray 4x4 images whose pixels all equal the index, labelled index % 3. */
class Images extends Dataset<[Tensor, number]> {
  get length(): number {
    return 10;
  }
  get(i: number): [Tensor, number] {
    return [fromTypedArray(new Float32Array(16).fill(i), [1, 4, 4]), i % 3];
  }
}

/** A dataset that loads lazily: get() answers with a promise. */
class Lazy extends Dataset<number> {
  get length(): number {
    return 5;
  }
  async get(i: number): Promise<number> {
    await new Promise((r) => setTimeout(r, 1));
    return i * 10;
  }
}

function firstValues(batch: [Tensor, Tensor]): number[] {
  const [x] = batch;
  const per = x.numel() / x.shape[0]!;
  const v = x.dataSync();
  return Array.from({ length: x.shape[0]! }, (_, b) => v[b * per]!);
}

async function epoch<B>(loader: AsyncIterable<B>): Promise<B[]> {
  const out: B[] = [];
  for await (const b of loader) out.push(b);
  return out;
}

describe('DataLoader', () => {
  it('batches images NCHW float32 and labels int32, last batch smaller', async () => {
    const loader = new DataLoader(new Images(), { batchSize: 4 });
    expect(loader.length).toBe(3);
    const batches = await epoch(loader);
    expect(batches.map(([x]) => x.shape)).toEqual([
      [4, 1, 4, 4],
      [4, 1, 4, 4],
      [2, 1, 4, 4],
    ]);
    expect(batches.map(([, y]) => y.shape)).toEqual([[4], [4], [2]]);
    expect(batches[0]![0].dtype).toBe('float32');
    expect(batches[0]![1].dtype).toBe('int32');
    expect(Array.from(batches[2]![1].dataSync())).toEqual([8 % 3, 9 % 3]);
    expect(batches.flatMap(firstValues)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('defaults to batches of 1, as PyTorch', () => {
    const loader = new DataLoader(new Images());
    expect(loader.length).toBe(10);
    const [x, y] = [...loader][0]!;
    expect(x.shape).toEqual([1, 1, 4, 4]);
    expect(y.shape).toEqual([1]);
  });

  it('drops the last incomplete batch with dropLast', async () => {
    const loader = new DataLoader(new Images(), { batchSize: 4, dropLast: true });
    expect(loader.length).toBe(2);
    const batches = await epoch(loader);
    expect(batches.length).toBe(2);
    expect(batches.every(([x]) => x.shape[0] === 4)).toBe(true);
    expect(new DataLoader(new Images(), { batchSize: 5, dropLast: true }).length).toBe(2);
    expect(new DataLoader(new Images(), { batchSize: 11, dropLast: true }).length).toBe(0);
    expect([...new DataLoader(new Images(), { batchSize: 11, dropLast: true })]).toEqual([]);
  });

  it('shuffles reproducibly from a seed, with a new order each epoch, each sample once', async () => {
    const orders = async (seed: number) => {
      const loader = new DataLoader(new Images(), { batchSize: 3, shuffle: true, seed });
      const e1 = (await epoch(loader)).flatMap(firstValues);
      const e2 = [...loader].flatMap(firstValues);
      return [e1, e2];
    };
    const [a1, a2] = await orders(42);
    const [b1, b2] = await orders(42);
    expect(a1).toEqual(b1);
    expect(a2).toEqual(b2);
    expect(a1).not.toEqual(a2);
    expect([...a1!].sort((p, q) => p - q)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect([...a2!].sort((p, q) => p - q)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const [c1] = await orders(7);
    expect(c1).not.toEqual(a1);
  });

  it('takes a generator, and uses the global one (manualSeed) by default', () => {
    const withGen = (g: Generator) =>
      [...new DataLoader(new Images(), { batchSize: 10, shuffle: true, generator: g })].flatMap(firstValues);
    expect(withGen(new Generator(3))).toEqual(withGen(new Generator(3)));
    const global = () => [...new DataLoader(new Images(), { batchSize: 10, shuffle: true })].flatMap(firstValues);
    manualSeed(5);
    const g1 = global();
    manualSeed(5);
    expect(global()).toEqual(g1);
  });

  it('sees every sample exactly once per epoch on a large shuffled dataset', () => {
    const n = 1000;
    const loader = new DataLoader(new TensorDataset(arange(n)), { batchSize: 64, shuffle: true, seed: 1 });
    expect(loader.length).toBe(16);
    for (let e = 0; e < 2; e++) {
      const seen = new Uint8Array(n);
      let batches = 0;
      for (const [x] of loader) {
        for (const v of x.dataSync()) seen[v]!++;
        batches++;
      }
      expect(batches).toBe(16);
      expect(seen.every((c) => c === 1)).toBe(true);
    }
  });

  it('uses a custom collate function', async () => {
    const loader = new DataLoader(new Images(), { batchSize: 4, collateFn: (samples) => samples.map(([, y]) => y) });
    expect(await epoch(loader)).toEqual([
      [0, 1, 2, 0],
      [1, 2, 0, 1],
      [2, 0],
    ]);
    const alias = new DataLoader(new Images(), { batchSize: 5, collate: (s) => s.length });
    expect([...alias]).toEqual([5, 5]);
  });

  it('loads async datasets with for await, and says so when iterated synchronously', async () => {
    const loader = new DataLoader(new Lazy(), { batchSize: 2 });
    const batches = await epoch(loader);
    expect(batches.map((b) => Array.from(b.dataSync()))).toEqual([[0, 10], [20, 30], [40]]);
    expect(() => [...loader]).toThrow(DatasetError);
    expect(() => [...loader]).toThrow(/for await/);
  });

  it('prefetches the next batch while the loop body awaits', async () => {
    const calls: number[] = [];
    class Counting extends Dataset<number> {
      get length(): number {
        return 6;
      }
      get(i: number): number {
        calls.push(i);
        return i;
      }
    }
    const loader = new DataLoader(new Counting(), { batchSize: 2 });
    const seenAtBody: number[] = [];
    for await (const _batch of loader) {
      await new Promise((r) => setTimeout(r, 5));
      seenAtBody.push(calls.length);
    }
    // while the body of batch k awaited, batch k+1 was loaded already
    expect(seenAtBody).toEqual([4, 6, 6]);
  });

  it('stops cleanly when the loop breaks early, and propagates errors', async () => {
    let loaded = 0;
    class Failing extends Dataset<number> {
      get length(): number {
        return 6;
      }
      get(i: number): number {
        loaded++;
        if (i === 4) throw new Error('broken sample 4');
        return i;
      }
    }
    const loader = new DataLoader(new Failing(), { batchSize: 2 });
    for await (const _b of loader) break;
    await new Promise((r) => setTimeout(r, 5));
    expect(loaded).toBe(2);
    await expect(epoch(loader)).rejects.toThrow('broken sample 4');
  });

  it('rejects bad options', () => {
    expect(() => new DataLoader(new Images(), { batchSize: 0 })).toThrow(ValueError);
    expect(() => new DataLoader(new Images(), { batchSize: 1.5 })).toThrow(/positive integer/);
    expect(() => new DataLoader(new Images(), { seed: 1, generator: new Generator(1) })).toThrow(/either generator or seed/);
    expect(() => new DataLoader({} as never)).toThrow(/expected a dataset/);
  });
});
