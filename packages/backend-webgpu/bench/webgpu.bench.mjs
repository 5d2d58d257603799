// matmul and conv2d on webgpu against cpu in the same process (`pnpm bench:cpu`). Run after a build
// (`node bench/webgpu.bench.mjs`). Prints numbers; asserts nothing.
// Without a GPU Dawn runs on SwiftShader (Vulkan on the CPU), so webgpu numbers are CPU-bound.
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
if (!process.env.VK_ICD_FILENAMES && existsSync(ICD)) process.env.VK_ICD_FILENAMES = ICD;

const { conv2d, getBackend, Generator, initBackend, randn, resetRegistry } = await import('@torchlet/tensor');
const { registerCpuBackend } = await import('@torchlet/backend-cpu');
const { registerWebGPUBackend } = await import('../dist/index.js');

registerCpuBackend();
registerWebGPUBackend();
await initBackend('webgpu');

/** ms per call of `op` on `device`, including the readback of the last result */
async function time(device, op, reps) {
  const g = new Generator(0);
  const inputs = op.inputs.map((s) => randn(s, { device, generator: g }));
  await op.run(...inputs).data(); // warm up: pipelines compiled, pool filled
  let best = Infinity;
  for (let round = 0; round < 3; round++) {
    const t0 = performance.now();
    let out;
    for (let i = 0; i < reps; i++) out = op.run(...inputs);
    await out.data();
    best = Math.min(best, (performance.now() - t0) / reps);
  }
  return best;
}

const ops = [
  {
    name: 'matmul 256x256 @ 256x256',
    inputs: [
      [256, 256],
      [256, 256],
    ],
    run: (a, b) => a.matmul(b),
    reps: 10,
  },
  {
    name: 'matmul 64x[128x128 @ 128x128]',
    inputs: [
      [64, 128, 128],
      [64, 128, 128],
    ],
    run: (a, b) => a.matmul(b),
    reps: 3,
  },
  {
    name: 'conv2d 32x1x28x28 * 10x1x5x5',
    inputs: [
      [32, 1, 28, 28],
      [10, 1, 5, 5],
    ],
    run: (x, w) => conv2d(x, w),
    reps: 10,
  },
  {
    name: 'conv2d 32x10x12x12 * 20x10x5x5',
    inputs: [
      [32, 10, 12, 12],
      [20, 10, 5, 5],
    ],
    run: (x, w) => conv2d(x, w),
    reps: 10,
  },
];

const info = getBackend('webgpu').owners[1]?.info;
console.log(`webgpu adapter: ${[info?.vendor, info?.architecture, info?.description].filter(Boolean).join(' ') || 'unknown'}`);
console.log('op'.padEnd(34), 'cpu ms'.padStart(9), 'webgpu ms'.padStart(10), 'cpu/webgpu'.padStart(11));
for (const op of ops) {
  const cpu = await time('cpu', op, op.reps);
  const gpu = await time('webgpu', op, op.reps);
  console.log(op.name.padEnd(34), cpu.toFixed(2).padStart(9), gpu.toFixed(2).padStart(10), (cpu / gpu).toFixed(2).padStart(11));
}
resetRegistry();
