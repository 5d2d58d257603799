// Where a small op's time goes: `a + b` on 10 elements, N ops then one readback, with the
// backend's layers switched on one by one (CPU time from process.cpuUsage, wall from
// performance.now); then raw calls by workgroup size, the cost of recording setBindGroup and
// dispatch, and the CPU time each thread spends per op. Run after a build:
// `node bench/profile-op.mjs [ops]` (FUSION=0: fusion off). Prints numbers only.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
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

// the workgroup size of a 10-element add (one workgroup, so idle invocations): raw calls,
// each op writing its own output, sizes interleaved over 3 rounds, best of each
const addPipeline = (wg) =>
  device.createComputePipeline({
    layout: 'auto',
    compute: {
      module: device.createShaderModule({ code: code.replace('@workgroup_size(64)', `@workgroup_size(${wg})`) }),
      entryPoint: 'main',
    },
  });
const outs = Array.from({ length: 8 }, mk);
const wgBest = new Map();
for (let r = 0; r < 3; r++) {
  for (const wg of [4, 16, 64, 128]) {
    const p = addPipeline(wg);
    const groups = outs.map((z) =>
      device.createBindGroup({
        layout: p.getBindGroupLayout(0),
        entries: [bx, by, z].map((buffer, binding) => ({ binding, resource: { buffer } })),
      }),
    );
    let i = 0;
    const t0 = performance.now();
    await rawRun(N, (pass) => {
      pass.setPipeline(p);
      pass.setBindGroup(0, groups[i++ % 8]);
      pass.dispatchWorkgroups(Math.ceil(10 / wg));
    });
    wgBest.set(wg, Math.min(wgBest.get(wg) ?? Infinity, ((performance.now() - t0) * 1000) / N));
  }
}
for (const [wg, us] of wgBest) console.log(`raw: workgroup size ${wg}`.padEnd(52), `${us.toFixed(2)} us/op wall`.padStart(18));

// recording alone (nothing submitted): setBindGroup with a dynamic offset in its two forms
const dynLayout = device.createBindGroupLayout({
  entries: [0, 1, 2, 3].map((binding) => ({
    binding,
    visibility: GPUShaderStage.COMPUTE,
    buffer: { type: binding === 2 ? 'storage' : 'read-only-storage', hasDynamicOffset: binding === 3 },
  })),
});
const dynPipeline = device.createComputePipeline({
  layout: device.createPipelineLayout({ bindGroupLayouts: [dynLayout] }),
  compute: {
    module: device.createShaderModule({ code: `@group(0) @binding(3) var<storage, read> prm: array<i32>;\n${code}` }),
    entryPoint: 'main',
  },
});
const prmBuffer = device.createBuffer({ size: 65536, usage: GPUBufferUsage.STORAGE });
const dynGroup = device.createBindGroup({
  layout: dynLayout,
  entries: [bx, by, bz, prmBuffer].map((buffer, binding) => ({ binding, resource: binding === 3 ? { buffer, size: 256 } : { buffer } })),
});
const u32 = new Uint32Array(1);
const list = [0];
const recordings = {
  'record: setBindGroup(u32 offsets, 0, 1) + dispatch': (pass, i) => {
    u32[0] = (i & 63) * 256;
    pass.setBindGroup(0, dynGroup, u32, 0, 1);
    pass.dispatchWorkgroups(1);
  },
  'record: setBindGroup(offsets: [n]) + dispatch': (pass, i) => {
    list[0] = (i & 63) * 256;
    pass.setBindGroup(0, dynGroup, list);
    pass.dispatchWorkgroups(1);
  },
  'record: dispatch only': (pass) => pass.dispatchWorkgroups(1),
};
for (let r = 0; r < 3; r++) {
  for (const [name, record] of Object.entries(recordings)) {
    const enc = device.createCommandEncoder();
    const pass = enc.beginComputePass();
    pass.setPipeline(dynPipeline);
    pass.setBindGroup(0, dynGroup, list);
    const t0 = performance.now();
    for (let i = 0; i < 5 * N; i++) record(pass, i);
    const us = ((performance.now() - t0) * 1000) / (5 * N);
    pass.end();
    enc.finish();
    if (r === 2) console.log(name.padEnd(52), `${us.toFixed(2)} us/op`.padStart(18));
  }
}

// CPU time per thread of the full op (Linux: /proc/self/task), 10 x N ops then one read
if (existsSync('/proc/self/task')) {
  const perThread = () =>
    new Map(
      readdirSync('/proc/self/task').map((t) => {
        const stat = readFileSync(`/proc/self/task/${t}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return [`${t} ${stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))}`, Number(fields[11]) + Number(fields[12])];
      }),
    );
  const ops = 10 * N;
  const before = perThread();
  for (let i = 0; i < ops; i++) a.add(b).dispose();
  await a.add(b).data();
  const ticks = 1e6 / 100; // clock ticks (USER_HZ 100) in us
  console.log(`CPU per op of each thread over ${ops} full ops:`);
  for (const [thread, t] of perThread()) {
    const us = ((t - (before.get(thread) ?? 0)) * ticks) / ops;
    if (us > 0) console.log(`  ${thread}`.padEnd(52), `${us.toFixed(2)} us/op cpu`.padStart(18));
  }
}
console.log(JSON.stringify(backend.memory()));
backend.dispose();
