// Where a Net1 training step (batch 64) spends its device time, per kernel: a step's dispatches
// are recorded, then each is replayed alone (own submit, awaited), so the sum is above a plain
// step's time. Run after a build:
// `node bench/profile-net1.mjs [steps]`. Prints ms per step for each op name, largest first, and
// the GPU buffers the backend holds after the plain steps.
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
if (!process.env.VK_ICD_FILENAMES && !process.env.TORCHLET_REAL_GPU && existsSync(ICD)) process.env.VK_ICD_FILENAMES = ICD;

const T = await import('@torchlet/tensor');
const { noGrad } = await import('@torchlet/autograd');
const { registerWebGPUBackend } = await import('../dist/index.js');
const { net1 } = await import('./net1-step.mjs');
registerWebGPUBackend({ fusion: process.env.FUSION !== '0' });
await T.initBackend('webgpu');
const backend = T.getBackend('webgpu');
const steps = Number(process.argv[2] ?? 3);

const { step: trainStep } = net1(T, noGrad, { device: 'webgpu' });
async function step() {
  const l = trainStep();
  await l.data();
  l.dispose();
}
await step();
const plain = performance.now();
for (let s = 0; s < steps; s++) await step();
const plainMs = (performance.now() - plain) / steps;
// every GPU buffer the backend holds after the plain steps (live tensors and the pool)
const { gpuBuffers, gpuBytes } = backend.memory();

// time each dispatch on its own: record a step's programs, then replay each alone, awaited
const times = new Map();
const run = backend.run.bind(backend);
let pending = [];
backend.run = (prog) => {
  run(prog);
  // (unfused maps pass scratch arrays that the next op overwrites)
  pending.push({ ...prog, params: Array.from(prog.params), buffers: [...prog.buffers] });
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
console.log(`GPU buffers held after ${steps + 1} plain steps: ${gpuBuffers} (${(gpuBytes / 1e6).toFixed(2)} MB)`);
for (const [k, v] of [...times].sort((a, b) => b[1] - a[1])) console.log(k.padEnd(50), v.toFixed(2).padStart(9), 'ms');
process.exit(0);
