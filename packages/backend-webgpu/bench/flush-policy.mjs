// The flush policy measured: dispatches recorded per command encoder before a submit
// (`registerWebGPUBackend({ batchSize })`), fusion off so every op dispatches. One backend per
// batch size in one process on one Dawn GPU object; rounds alternate between them and the best
// round of each is kept. Run after a build: `node bench/flush-policy.mjs [--rounds=N]`.
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
if (!process.env.VK_ICD_FILENAMES && !process.env.TORCHLET_REAL_GPU && existsSync(ICD)) process.env.VK_ICD_FILENAMES = ICD;
const rounds = Number(process.argv.find((a) => a.startsWith('--rounds='))?.slice(9)) || 5;
const sizes = [8, 16, 32, 64, 128, 256, 1024];

const dawn = await import('webgpu');
Object.assign(globalThis, dawn.globals);
const gpu = dawn.create([]);
const T = await import('@torchlet/tensor');
const { registerWebGPUBackend } = await import('../dist/index.js');
for (const batchSize of sizes) {
  registerWebGPUBackend({ gpu, name: `webgpu-b${batchSize}`, batchSize, fusion: false, priority: 0 });
  await T.initBackend(`webgpu-b${batchSize}`);
}

const works = [
  { name: 'a + b, 10 elements, 2000 ops, unread', n: 10, ops: 2000 },
  { name: 'a + b, 64K elements, 200 ops, unread', n: 1 << 16, ops: 200 },
  { name: 'x = x * 0.5 + 1 on 4K elements, 1000 ops', n: 1 << 12, ops: 1000, chain: true },
];
console.log('work'.padEnd(42), ...sizes.map((s) => `batch ${s}`.padStart(11)), '(us per op, best of', rounds, 'rounds)');
for (const w of works) {
  const runs = sizes.map((batchSize) => {
    const device = `webgpu-b${batchSize}`;
    const a = T.randn([w.n], { device });
    const b = T.randn([w.n], { device });
    return async () => {
      if (w.chain) {
        let x = a.clone();
        for (let i = 0; i < w.ops / 2; i++) {
          const y = x.mul(0.5);
          x.dispose();
          x = y.add(1);
          y.dispose();
        }
        await x.data();
        x.dispose();
        return;
      }
      for (let i = 0; i < w.ops - 1; i++) a.add(b).dispose();
      const c = a.add(b);
      await c.data();
      c.dispose();
    };
  });
  const best = sizes.map(() => Infinity);
  for (const r of runs) await r();
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < runs.length; k++) {
      const t0 = performance.now();
      await runs[k]();
      best[k] = Math.min(best[k], ((performance.now() - t0) * 1000) / w.ops);
    }
  }
  console.log(w.name.padEnd(42), ...best.map((v) => v.toFixed(1).padStart(11)));
}
T.resetRegistry();
process.exit(0);
