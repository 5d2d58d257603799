// Where a Net1 training step (batch 64) spends its device time, per kernel: a step's dispatches
// are recorded, then each is replayed alone (own submit, awaited), so the sum is above a plain
// step's time. Run after a build:
// `node bench/profile-net1.mjs [steps]`. Prints ms per step for each op name, largest first.
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
if (!process.env.VK_ICD_FILENAMES && !process.env.TORCHLET_REAL_GPU && existsSync(ICD)) process.env.VK_ICD_FILENAMES = ICD;

const T = await import('@torchlet/tensor');
const { noGrad } = await import('@torchlet/autograd');
const { registerWebGPUBackend } = await import('../dist/index.js');
registerWebGPUBackend({ fusion: process.env.FUSION !== '0' });
await T.initBackend('webgpu');
const backend = T.getBackend('webgpu');
const steps = Number(process.argv[2] ?? 3);

const device = 'webgpu';
const p = (scale, ...shape) => T.randn(shape, { device }).mul(scale).detach().requiresGrad_();
const params = [
  p(0.2, 10, 1, 5, 5),
  p(0.1, 10),
  p(0.06, 20, 10, 5, 5),
  p(0.1, 20),
  p(0.05, 320, 50),
  p(0.1, 50),
  p(0.14, 50, 10),
  p(0.1, 10),
];
const [w1, b1, w2, b2, w3, b3, w4, b4] = params;
const x = T.randn([64, 1, 28, 28], { device });
const targets = T.randn([64, 10], { device }).softmax(1);
const forward = (x) => {
  let h = T.maxPool2d(T.conv2d(x, w1, b1), 2).relu();
  h = T.maxPool2d(T.conv2d(h, w2, b2), 2).relu();
  h = h.view(-1, 320).matmul(w3).add(b3).relu();
  return h.matmul(w4).add(b4).logSoftmax(1);
};
async function step() {
  const l = T.scope(() => {
    const l = forward(x).mul(targets).sum(1).mean().neg();
    l.backward();
    noGrad(() => {
      for (const q of params) {
        q.sub_(q.grad.mul(0.01));
        q.grad.dispose();
        q.grad = null;
      }
    });
    return l.detach();
  });
  await l.data();
  l.dispose();
}
await step();
const plain = performance.now();
for (let s = 0; s < steps; s++) await step();
const plainMs = (performance.now() - plain) / steps;

// time each dispatch on its own: record a step's programs, then replay each alone, awaited
const times = new Map();
const run = backend.run.bind(backend);
let pending = [];
backend.run = (prog) => {
  run(prog);
  pending.push(prog);
};
let total = 0;
for (let s = 0; s < steps; s++) {
  pending = [];
  await step();
  // replay each recorded program alone, awaited
  for (const prog of pending) {
    // the step freed its buffers (they are back in the pool, still alive): values do not matter here
    const freed = prog.buffers.map((d) => d.freed);
    for (const d of prog.buffers) d.freed = false;
    const t0 = performance.now();
    run(prog);
    backend.flush();
    await backend.device.queue.onSubmittedWorkDone();
    const dt = performance.now() - t0;
    prog.buffers.forEach((d, i) => {
      d.freed = freed[i];
    });
    const k = `${prog.op} [${prog.groups}x${prog.groupsZ ?? 1}]`;
    times.set(k, (times.get(k) ?? 0) + dt / steps);
    total += dt / steps;
  }
}
console.log(`plain step ${plainMs.toFixed(1)} ms; sum of dispatches replayed alone ${total.toFixed(1)} ms`);
for (const [k, v] of [...times].sort((a, b) => b[1] - a[1])) console.log(k.padEnd(50), v.toFixed(2).padStart(9), 'ms');
process.exit(0);
