// Where a small op's time goes: `a + b` on 10 elements, N ops then one readback, with the
// backend's layers switched on one by one (CPU time from process.cpuUsage, wall from
// performance.now). Run after a build: `node bench/profile-op.mjs [ops]`. Prints numbers only.
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
if (!process.env.VK_ICD_FILENAMES && !process.env.TORCHLET_REAL_GPU && existsSync(ICD)) process.env.VK_ICD_FILENAMES = ICD;

const { getBackend, initBackend, randn } = await import('@torchlet/tensor');
const { registerWebGPUBackend } = await import('../dist/index.js');
registerWebGPUBackend({ fusion: process.env.FUSION !== '0' });
await initBackend('webgpu');
const backend = getBackend('webgpu');
const device = backend.device;
const N = Number(process.argv[2] ?? 4000);

async function measure(name, body) {
  await body(N); // warm up at full length (JIT, pool growth)
  let best = { wall: Infinity, cpu: Infinity };
  for (let r = 0; r < 3; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await body(N);
    const wall = ((performance.now() - t0) * 1000) / N;
    const c = process.cpuUsage(c0);
    const cpu = (c.user + c.system) / N;
    if (wall < best.wall) best = { wall, cpu };
  }
  console.log(name.padEnd(52), `${best.wall.toFixed(2)} us/op wall`.padStart(18), `${best.cpu.toFixed(2)} us/op cpu`.padStart(18));
}

const a = randn([10], { device: 'webgpu' });
const b = randn([10], { device: 'webgpu' });
await a.data();

await measure('full op: a.add(b).dispose(), then one read', async (n) => {
  for (let i = 0; i < n; i++) a.add(b).dispose();
  await a.add(b).data();
});
await measure('full op, results kept until the read', async (n) => {
  const outs = [];
  for (let i = 0; i < n; i++) outs.push(a.add(b));
  await outs[outs.length - 1].data();
  for (const o of outs) o.dispose();
});
await measure('chain: x = x.add(b) (each result feeds the next)', async (n) => {
  let x = a.add(b);
  for (let i = 0; i < n; i++) {
    const y = x.add(b);
    x.dispose();
    x = y;
  }
  await x.data();
  x.dispose();
});

// the raw WebGPU calls one dispatch needs, without Torchlet
const code = `@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> y: array<f32>;
@group(0) @binding(2) var<storage, read_write> z: array<f32>;
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) g: vec3<u32>) { if (g.x < 10u) { z[g.x] = x[g.x] + y[g.x]; } }`;
const pipeline = device.createComputePipeline({
  layout: 'auto',
  compute: { module: device.createShaderModule({ code }), entryPoint: 'main' },
});
const layout = pipeline.getBindGroupLayout(0);
const mk = () => device.createBuffer({ size: 64, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
const [bx, by, bz] = [mk(), mk(), mk()];
const fixed = device.createBindGroup({ layout, entries: [bx, by, bz].map((buffer, binding) => ({ binding, resource: { buffer } })) });
const rawRun = async (n, perOp) => {
  let enc = device.createCommandEncoder();
  let pass = enc.beginComputePass();
  for (let i = 0; i < n; i++) {
    perOp(pass);
    if ((i + 1) % 64 === 0) {
      pass.end();
      device.queue.submit([enc.finish()]);
      enc = device.createCommandEncoder();
      pass = enc.beginComputePass();
    }
  }
  pass.end();
  device.queue.submit([enc.finish()]);
  await device.queue.onSubmittedWorkDone();
};
await measure('raw: setPipeline+setBindGroup(cached)+dispatch', (n) =>
  rawRun(n, (pass) => {
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, fixed);
    pass.dispatchWorkgroups(1);
  }),
);
await measure('raw: + createBindGroup per op', (n) =>
  rawRun(n, (pass) => {
    pass.setPipeline(pipeline);
    pass.setBindGroup(
      0,
      device.createBindGroup({ layout, entries: [bx, by, bz].map((buffer, binding) => ({ binding, resource: { buffer } })) }),
    );
    pass.dispatchWorkgroups(1);
  }),
);
const params = new Int32Array(64);
await measure('raw: + writeBuffer of 16 bytes per op', (n) =>
  rawRun(n, (pass) => {
    device.queue.writeBuffer(bx, 0, params, 0, 4);
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, fixed);
    pass.dispatchWorkgroups(1);
  }),
);
await measure('raw: + createBuffer+destroy per op', (n) =>
  rawRun(n, (pass) => {
    mk().destroy();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, fixed);
    pass.dispatchWorkgroups(1);
  }),
);
await measure('raw: + push/popErrorScope per op', (n) =>
  rawRun(n, (pass) => {
    device.pushErrorScope('validation');
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, fixed);
    pass.dispatchWorkgroups(1);
    void device.popErrorScope();
  }),
);
console.log(JSON.stringify(backend.memory()));
backend.dispose();
