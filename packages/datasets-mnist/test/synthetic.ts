import { gzipSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** An IDX file: header 00 00 <dtype> <ndim>, big-endian dims, then the given payload bytes. */
export function idxBytes(dtypeCode: number, shape: number[], payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + 4 * shape.length + payload.length);
  const view = new DataView(out.buffer);
  out[2] = dtypeCode;
  out[3] = shape.length;
  shape.forEach((d, i) => {
    view.setUint32(4 + 4 * i, d, false);
  });
  out.set(payload, 4 + 4 * shape.length);
  return out;
}

/** n images of rows x cols with pixels (i * 7 + p) % 256, labels i % 10, as IDX files. */
export function syntheticSplit(
  n: number,
  rows = 28,
  cols = 28,
): { images: Uint8Array; labels: Uint8Array; pixels: Uint8Array; targets: Uint8Array } {
  const pixels = Uint8Array.from({ length: n * rows * cols }, (_, k) => (Math.floor(k / (rows * cols)) * 7 + k) % 256);
  const targets = Uint8Array.from({ length: n }, (_, i) => i % 10);
  return { images: idxBytes(0x08, [n, rows, cols], pixels), labels: idxBytes(0x08, [n], targets), pixels, targets };
}

/** gzip as a plain Uint8Array (a Buffer's slice() would be a view, not a copy). */
export function gzip(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(gzipSync(bytes));
}

/** The four gzipped files of a small synthetic dataset, by their standard names. */
export function syntheticGzFiles(nTrain = 12, nTest = 5): Record<string, Uint8Array> {
  const train = syntheticSplit(nTrain);
  const test = syntheticSplit(nTest);
  return {
    'train-images-idx3-ubyte.gz': gzip(train.images),
    'train-labels-idx1-ubyte.gz': gzip(train.labels),
    't10k-images-idx3-ubyte.gz': gzip(test.images),
    't10k-labels-idx1-ubyte.gz': gzip(test.labels),
  };
}

export function writeFiles(dir: string, files: Record<string, Uint8Array>): void {
  mkdirSync(dir, { recursive: true });
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
}
