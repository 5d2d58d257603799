// A drawing made into an MNIST input the way MNIST's digits were made: the bounding box of the
// ink scaled (keeping its aspect ratio, with area averaging) to fit 20x20, placed in 28x28 so that
// its centre of mass sits at the centre, then normalised with the training set's mean and std.

export const MNIST_MEAN = 0.1307;
export const MNIST_STD = 0.3081;
const BOX = 20;
const SIZE = 28;
/** ink below this (0..1) counts as background for the bounding box */
const INK = 0.05;

export interface Preprocessed {
  /** 784 values in 0..1, row-major */
  image: Float32Array;
  /** the same, normalised: (v - mean) / std, ready for the model */
  input: Float32Array;
}

/** Weights of area-averaging resampling from n source cells to m target cells (rows: target). */
function areaWeights(n: number, m: number): { start: number; w: number[] }[] {
  const scale = n / m;
  const out: { start: number; w: number[] }[] = [];
  for (let t = 0; t < m; t++) {
    const a = t * scale;
    const b = (t + 1) * scale;
    const start = Math.floor(a);
    const w: number[] = [];
    for (let s = start; s < Math.min(n, Math.ceil(b)); s++) w.push((Math.min(b, s + 1) - Math.max(a, s)) / scale);
    out.push({ start, w });
  }
  return out;
}

/**
 * `ink` holds width*height values in 0..1 (1: full ink). Null when nothing is drawn.
 */
export function preprocess(ink: ArrayLike<number>, width: number, height: number): Preprocessed | null {
  let x0 = width;
  let y0 = height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (ink[y * width + x]! > INK) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
  }
  if (x1 < 0) return null;
  const bw = x1 - x0 + 1;
  const bh = y1 - y0 + 1;
  const s = BOX / Math.max(bw, bh);
  const tw = Math.max(1, Math.round(bw * s));
  const th = Math.max(1, Math.round(bh * s));
  // rows first, then columns
  const wx = areaWeights(bw, tw);
  const wy = areaWeights(bh, th);
  const rows = new Float32Array(bh * tw);
  for (let y = 0; y < bh; y++) {
    for (let t = 0; t < tw; t++) {
      const { start, w } = wx[t]!;
      let acc = 0;
      for (let k = 0; k < w.length; k++) acc += w[k]! * ink[(y0 + y) * width + x0 + start + k]!;
      rows[y * tw + t] = acc;
    }
  }
  const small = new Float32Array(th * tw);
  for (let t = 0; t < th; t++) {
    const { start, w } = wy[t]!;
    for (let x = 0; x < tw; x++) {
      let acc = 0;
      for (let k = 0; k < w.length; k++) acc += w[k]! * rows[(start + k) * tw + x]!;
      small[t * tw + x] = Math.min(1, acc);
    }
  }
  // centre of mass in pixel indices, moved onto pixel (14, 14) as MNIST's digits are
  let mass = 0;
  let cx = 0;
  let cy = 0;
  for (let y = 0; y < th; y++) {
    for (let x = 0; x < tw; x++) {
      const v = small[y * tw + x]!;
      mass += v;
      cx += v * x;
      cy += v * y;
    }
  }
  cx /= mass;
  cy /= mass;
  const ox = Math.round(SIZE / 2 - cx);
  const oy = Math.round(SIZE / 2 - cy);
  const image = new Float32Array(SIZE * SIZE);
  for (let y = 0; y < th; y++) {
    const ty = y + oy;
    if (ty < 0 || ty >= SIZE) continue;
    for (let x = 0; x < tw; x++) {
      const tx = x + ox;
      if (tx >= 0 && tx < SIZE) image[ty * SIZE + tx] = small[y * tw + x]!;
    }
  }
  return { image, input: normalise(image) };
}

/** (v - mean) / std for values in 0..1. */
export function normalise(image: ArrayLike<number>): Float32Array {
  return Float32Array.from(image, (v) => (v - MNIST_MEAN) / MNIST_STD);
}
