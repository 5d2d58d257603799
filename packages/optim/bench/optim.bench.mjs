// Adam.step() on 100k float32 parameters vs a plain Float32Array loop doing the same update.
// Run after a build: `pnpm --filter @torchlet/optim build && pnpm --filter @torchlet/optim bench`.
import { randn } from '@torchlet/tensor';
// backend-cpu is not a dependency of optim (its conformance dev-dependency depends on optim): its build
const { registerCpuBackend } = await import(new URL('../../backend-cpu/dist/index.js', import.meta.url).href);
import '@torchlet/autograd';
import { Adam } from '../dist/index.js';

registerCpuBackend();
const SHAPES = [[300, 300], [10_000]];
const N = SHAPES.reduce((n, s) => n + s.reduce((a, b) => a * b, 1), 0);
const WARMUP = 5;
const STEPS = 40;
const hyper = { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8 };

function timeIt(fn) {
  for (let i = 0; i < WARMUP; i++) fn();
  const t0 = performance.now();
  for (let i = 0; i < STEPS; i++) fn();
  return (performance.now() - t0) / STEPS;
}

// Torchlet
const params = SHAPES.map((s) => {
  const p = randn(s, { requiresGrad: true });
  p.grad = randn(s);
  return p;
});
const adam = new Adam(params, { lr: hyper.lr });
const torchletMs = timeIt(() => adam.step());

// Plain typed arrays, same arithmetic
const plain = SHAPES.map((s) => {
  const n = s.reduce((a, b) => a * b, 1);
  const p = new Float32Array(n);
  const g = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    p[i] = Math.random() - 0.5;
    g[i] = Math.random() - 0.5;
  }
  return { p, g, m: new Float32Array(n), v: new Float32Array(n), step: 0 };
});
const plainMs = timeIt(() => {
  for (const s of plain) {
    s.step++;
    const { p, g, m, v } = s;
    const { lr, beta1, beta2, eps } = hyper;
    const stepSize = lr / (1 - beta1 ** s.step);
    const bias2Sqrt = Math.sqrt(1 - beta2 ** s.step);
    for (let i = 0; i < p.length; i++) {
      const gi = g[i];
      m[i] = m[i] * beta1 + gi * (1 - beta1);
      v[i] = v[i] * beta2 + gi * (1 - beta2) * gi;
      p[i] -= (stepSize * m[i]) / (Math.sqrt(v[i]) / bias2Sqrt + eps);
    }
  }
});

console.log(`Adam.step() on ${N.toLocaleString('en')} float32 parameters (${SHAPES.length} tensors), mean of ${STEPS} steps`);
console.log(`  torchlet (CPU backend): ${torchletMs.toFixed(2)} ms/step`);
console.log(`  plain Float32Array loop: ${plainMs.toFixed(2)} ms/step`);
console.log(`  ratio torchlet / plain: ${(torchletMs / plainMs).toFixed(1)}x`);
