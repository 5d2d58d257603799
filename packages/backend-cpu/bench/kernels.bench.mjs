// pnpm bench: Torchlet CPU kernels against plain JS loops doing the same work, in one process.
// Ratios (torchlet / baseline) are what to compare across runs; absolute times are noisy.
import { conv2d, randn, manualSeed } from '@torchlet/tensor';
import { registerCpuBackend } from '../dist/index.js';

registerCpuBackend();
manualSeed(0);

function time(fn, reps) {
  fn();
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) fn();
  return (performance.now() - t0) / reps;
}

function report(name, torchletMs, baselineMs) {
  console.log(
    `${name.padEnd(34)} torchlet ${torchletMs.toFixed(3).padStart(8)} ms   baseline ${baselineMs.toFixed(3).padStart(8)} ms   ratio ${(torchletMs / baselineMs).toFixed(2)}`,
  );
}

// elementwise add of 1M floats
{
  const n = 1 << 20;
  const a = randn(n);
  const b = randn(n);
  const A = a.dataSync();
  const B = b.dataSync();
  report(
    'add 1M float32',
    time(() => a.add(b), 20),
    time(() => {
      const o = new Float32Array(n);
      for (let i = 0; i < n; i++) o[i] = A[i] + B[i];
    }, 20),
  );
}
// matmul 256 x 256 x 256
{
  const n = 256;
  const a = randn(n, n);
  const b = randn(n, n);
  const A = a.dataSync();
  const B = b.dataSync();
  report(
    'matmul 256x256x256',
    time(() => a.matmul(b), 5),
    time(() => {
      const o = new Float32Array(n * n);
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let k = 0; k < n; k++) s += A[i * n + k] * B[k * n + j];
          o[i * n + j] = s;
        }
    }, 5),
  );
}
// conv2d as in the tutorial's Net1 (batch 64, 10 -> 20 channels, 12x12, kernel 5)
{
  const x = randn(64, 10, 12, 12);
  const w = randn(20, 10, 5, 5);
  const X = x.dataSync();
  const W = w.dataSync();
  report(
    'conv2d 64x10x12x12, 20x10x5x5',
    time(() => conv2d(x, w), 3),
    time(() => {
      const o = new Float32Array(64 * 20 * 8 * 8);
      for (let n = 0; n < 64; n++)
        for (let oc = 0; oc < 20; oc++)
          for (let oh = 0; oh < 8; oh++)
            for (let ow = 0; ow < 8; ow++) {
              let s = 0;
              for (let ic = 0; ic < 10; ic++)
                for (let i = 0; i < 5; i++)
                  for (let j = 0; j < 5; j++) s += X[((n * 10 + ic) * 12 + oh + i) * 12 + ow + j] * W[((oc * 10 + ic) * 5 + i) * 5 + j];
              o[((n * 20 + oc) * 8 + oh) * 8 + ow] = s;
            }
    }, 3),
  );
}
// a transposed (non-contiguous) sum over rows
{
  const a = randn(1024, 1024);
  const t = a.t();
  const A = a.dataSync();
  report(
    'sum(dim 1) of a transposed 1024^2',
    time(() => t.sum(1), 10),
    time(() => {
      const o = new Float32Array(1024);
      for (let i = 0; i < 1024; i++) {
        let s = 0;
        for (let j = 0; j < 1024; j++) s += A[j * 1024 + i];
        o[i] = s;
      }
    }, 10),
  );
}
