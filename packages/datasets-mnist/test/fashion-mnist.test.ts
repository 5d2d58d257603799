import { describe, expect, it } from 'vitest';
import { FashionMNIST } from '../src/index.js';
import './setup.js';

// The Debian package dataset-fashion-mnist installs the gzipped IDX files here.
const ROOT = '/usr/share/datasets/fashion-mnist';

function sum(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]!;
  return s;
}

describe('FashionMNIST from gzipped IDX files', () => {
  it('reads the training split', async () => {
    const train = await FashionMNIST.load({ root: ROOT, train: true });
    expect(train.source).toEqual({
      origin: 'root',
      images: `${ROOT}/train-images-idx3-ubyte.gz`,
      labels: `${ROOT}/train-labels-idx1-ubyte.gz`,
    });
    expect(train.length).toBe(60000);
    const counts = new Array<number>(10).fill(0);
    for (const l of train.labels) counts[l]!++;
    expect(counts).toEqual(new Array(10).fill(6000));
    expect(Array.from(train.labels.subarray(0, 10))).toEqual([9, 0, 0, 3, 0, 2, 7, 2, 5, 5]);
    expect([0, 1, 2, 3, 4].map((i) => sum(train.image(i).dataSync()))).toEqual([76247, 84598, 28662, 46649, 61187]);
    expect(sum(train.images)).toBe(3431114169);
  });

  it('reads the test split, with the class names', async () => {
    const test = await FashionMNIST.load({ root: ROOT, train: false });
    expect(test.length).toBe(10000);
    expect(Array.from(test.labels.subarray(0, 10))).toEqual([9, 2, 1, 1, 6, 1, 4, 6, 5, 7]);
    expect([0, 1, 2, 3, 4].map((i) => sum(test.image(i).dataSync()))).toEqual([33456, 100994, 51520, 35377, 62655]);
    expect(sum(test.images)).toBe(573469082);
    const [img, label] = test.get(0);
    expect(img.shape).toEqual([28, 28]);
    expect(test.classes[label]).toBe('Ankle boot');
    expect(test).toBeInstanceOf(FashionMNIST);
    expect(test.toString()).toContain('Dataset FashionMNIST');
  });
});
