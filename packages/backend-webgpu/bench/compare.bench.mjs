// Torchlet's WebGPU backend against TensorFlow.js's (@tensorflow/tfjs-backend-webgpu 4.22) in one
// process, on one GPU object (so one adapter), with TF.js's CPU forwarding of small ops off so
// both dispatch every op to the device. Run after a build: `pnpm bench` (or
// `node bench/compare.bench.mjs`). Prints times and ratios (Torchlet ÷ TF.js: below 1 is faster);
// asserts nothing. Rounds alternate between the libraries and the best round of each is kept.
// Torchlet runs twice: with elementwise fusion (the default) and without (`fusion: false`).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';

const ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
if (!process.env.VK_ICD_FILENAMES && !process.env.TORCHLET_REAL_GPU && existsSync(ICD)) process.env.VK_ICD_FILENAMES = ICD;
const quick = process.argv.includes('--quick');
// `--only=matmul,add10,add1m,unread,chain,net1` runs those rows only (default: all)
const only = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice(7)
  .split(',');
const want = (row) => !only || only.includes(row);
// `--rounds=N`: N alternating rounds per row instead of 2-3 (noisy machines)
const roundsArg = Number(process.argv.find((a) => a.startsWith('--rounds='))?.slice(9)) || 0;

const dawn = await import('webgpu');
Object.assign(globalThis, dawn.globals);
const gpu = dawn.create([]);
// TF.js finds WebGPU through navigator.gpu
Object.defineProperty(globalThis, 'navigator', { value: { gpu, userAgent: 'node' }, configurable: true });

const T = await import('@torchlet/tensor');
const { noGrad } = await import('@torchlet/autograd');
const { registerWebGPUBackend } = await import('../dist/index.js');
const { net1 } = await import('./net1-step.mjs');
registerWebGPUBackend({ gpu });
registerWebGPUBackend({ gpu, name: 'webgpu-unfused', fusion: false, priority: 0 });
await T.initBackend('webgpu');
await T.initBackend('webgpu-unfused');

// TF.js's CommonJS builds (its ES modules use extensionless imports that Node does not resolve)
const require = createRequire(import.meta.url);
// the umbrella package registers every op's gradient (tfjs-core alone has none)
const tf = require('@tensorflow/tfjs');
require('@tensorflow/tfjs-backend-webgpu');
tf.env().set('WEBGPU_CPU_FORWARD', false);
await tf.setBackend('webgpu');
await tf.ready();

const info = T.getBackend('webgpu').owners[1]?.info;
console.log(`adapter: ${[info?.vendor, info?.architecture, info?.device, info?.description].filter(Boolean).join(' | ') || 'unknown'}`);
console.log(`tfjs ${tf.version_core}, backend ${tf.getBackend()}, WEBGPU_CPU_FORWARD=${tf.env().get('WEBGPU_CPU_FORWARD')}`);

/** best ms per unit of each contestant over alternating rounds */
async function race(contestants, rounds) {
  rounds = roundsArg || rounds;
  const best = contestants.map(() => Infinity);
  for (const c of contestants) await c.run(true); // warm up
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < contestants.length; k++) {
      const t0 = performance.now();
      const units = await contestants[k].run(false);
      best[k] = Math.min(best[k], (performance.now() - t0) / units);
    }
  }
  return best;
}

const rows = [];
function report(name, unit, [fused, unfused, tfjs], fmt = (v) => v.toFixed(3)) {
  rows.push({ name, unit, fused, unfused, tfjs });
  console.log(
    name.padEnd(34),
    `${fmt(fused)} ${unit}`.padStart(16),
    `${fmt(unfused)} ${unit}`.padStart(16),
    `${fmt(tfjs)} ${unit}`.padStart(16),
    `${(fused / tfjs).toFixed(2)}x`.padStart(9),
    `${(unfused / tfjs).toFixed(2)}x`.padStart(9),
    `${(fused / unfused).toFixed(2)}x`.padStart(9),
  );
}
console.log(
  'work'.padEnd(34),
  'torchlet'.padStart(16),
  'torchlet unfused'.padStart(16),
  'tfjs-webgpu'.padStart(16),
  'T/tf'.padStart(9),
  'Tu/tf'.padStart(9),
  'T/Tu'.padStart(9),
);

const g = new T.Generator(0);

// ---- matmul ---------------------------------------------------------------------------------
for (const n of want('matmul') ? [256, 1024] : []) {
  const reps = n >= 1024 ? (quick ? 2 : 3) : 10;
  const tl = (device) => {
    const a = T.randn([n, n], { device, generator: g });
    const b = T.randn([n, n], { device, generator: g });
    return {
      run: async () => {
        let c;
        for (let i = 0; i < reps; i++) {
          c?.dispose();
          c = a.matmul(b);
        }
        await c.data();
        c.dispose();
        return reps;
      },
    };
  };
  const ta = tf.randomNormal([n, n]);
  const tb = tf.randomNormal([n, n]);
  const tfRun = {
    run: async () => {
      let c;
      for (let i = 0; i < reps; i++) {
        c?.dispose();
        c = tf.matMul(ta, tb);
      }
      await c.data();
      c.dispose();
      return reps;
    },
  };
  const ms = await race([tl('webgpu'), tl('webgpu-unfused'), tfRun], quick ? 2 : 3);
  report(`matmul ${n}x${n} @ ${n}x${n}`, 'ms', ms, (v) => v.toFixed(2));
}

/**
 * The least one dispatch per op can cost on this adapter: the same 10-element add written with
 * WebGPU calls only, on Torchlet's device (so the same adapter), with its bind group made once,
 * `ops` dispatches submitted 64 at a time (as Torchlet batches), then one 40-byte readback.
 */
function rawDawn(n, ops) {
  const device = T.getBackend('webgpu').device;
  const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
  const [x, y, z] = [0, 1, 2].map(() => device.createBuffer({ size: n * 4, usage }));
  const staging = device.createBuffer({ size: n * 4, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const code = `@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> y: array<f32>;
@group(0) @binding(2) var<storage, read_write> z: array<f32>;
@compute @workgroup_size(16) fn main(@builtin(global_invocation_id) g: vec3<u32>) { if (g.x < ${n}u) { z[g.x] = x[g.x] + y[g.x]; } }`;
  const pipeline = device.createComputePipeline({
    layout: 'auto',
    compute: { module: device.createShaderModule({ code }), entryPoint: 'main' },
  });
  const group = device.createBindGroup({
    layout: pipeline.getBindGroupLayout(0),
    entries: [x, y, z].map((buffer, binding) => ({ binding, resource: { buffer } })),
  });
  return {
    run: async () => {
      for (let i = 0; i < ops; i += 64) {
        const enc = device.createCommandEncoder();
        const pass = enc.beginComputePass();
        pass.setPipeline(pipeline);
        pass.setBindGroup(0, group);
        for (let k = i; k < Math.min(ops, i + 64); k++) pass.dispatchWorkgroups(1);
        pass.end();
        if (i + 64 >= ops) enc.copyBufferToBuffer(z, 0, staging, 0, n * 4);
        device.queue.submit([enc.finish()]);
      }
      await staging.mapAsync(GPUMapMode.READ);
      staging.unmap();
      return ops / 1000;
    },
  };
}

// ---- a + b ----------------------------------------------------------------------------------
for (const n of [10, 1 << 20].filter((n) => want(n === 10 ? 'add10' : 'add1m'))) {
  const ops = n === 10 ? 2000 : quick ? 10 : 30;
  const tl = (device) => {
    const a = T.randn([n], { device, generator: g });
    const b = T.randn([n], { device, generator: g });
    return {
      run: async () => {
        // every result is computed: a 1-element copy of it needs its values on the device
        let last;
        for (let i = 0; i < ops; i++) {
          const c = a.add(b);
          last?.dispose();
          const view = c.narrow(0, 0, 1);
          last = view.clone();
          view.dispose(); // (a view holds its base's storage until it is disposed or collected)
          c.dispose();
        }
        await last.data();
        last.dispose();
        return ops / 1000;
      },
    };
  };
  const ta = tf.randomNormal([n]);
  const tb = tf.randomNormal([n]);
  const tfRun = {
    run: async () => {
      let last;
      for (let i = 0; i < ops; i++) {
        const c = tf.add(ta, tb);
        last?.dispose();
        last = tf.slice(c, 0, 1);
        c.dispose();
      }
      await last.data();
      last.dispose();
      return ops / 1000;
    },
  };
  const us = await race([tl('webgpu'), tl('webgpu-unfused'), tfRun], 3);
  report(`a + b, ${n === 10 ? '10' : '1M'} elements (+ 1-elt copy)`, 'us', us, (v) => v.toFixed(1));
}

// the plain per-op cost: results disposed unread (fused: nothing runs at all, so only unfused is shown against tf)
if (want('unread')) {
  const n = 10;
  const ops = 2000;
  const tl = (device) => {
    const a = T.randn([n], { device, generator: g });
    const b = T.randn([n], { device, generator: g });
    return {
      run: async () => {
        for (let i = 0; i < ops - 1; i++) a.add(b).dispose();
        const c = a.add(b);
        await c.data();
        c.dispose();
        return ops / 1000;
      },
    };
  };
  const ta = tf.randomNormal([n]);
  const tb = tf.randomNormal([n]);
  const tfRun = {
    run: async () => {
      for (let i = 0; i < ops - 1; i++) tf.add(ta, tb).dispose();
      const c = tf.add(ta, tb);
      await c.data();
      c.dispose();
      return ops / 1000;
    },
  };
  const [fused, unfused, tfjs, floor] = await race([tl('webgpu'), tl('webgpu-unfused'), tfRun, rawDawn(n, ops)], 3);
  report('a + b, 10 elements, unread results', 'us', [fused, unfused, tfjs], (v) => v.toFixed(1));
  console.log(
    '  raw Dawn floor (no library)'.padEnd(34),
    `${floor.toFixed(1)} us`.padStart(16),
    `Tu/raw ${(unfused / floor).toFixed(2)}x`.padStart(16),
    `raw/tf ${(floor / tfjs).toFixed(2)}x`.padStart(16),
  );
}

// ---- 8 elementwise ops on 1M ----------------------------------------------------------------
if (want('chain')) {
  const n = 1 << 20;
  const reps = quick ? 3 : 8;
  const chain = (x) => x.mul(1.5).add(0.25).tanh().mul(x).sub(0.1).abs().sqrt().neg();
  const tfChain = (x) => tf.neg(tf.sqrt(tf.abs(tf.sub(tf.mul(tf.tanh(tf.add(tf.mul(x, 1.5), 0.25)), x), 0.1))));
  const tl = (device) => {
    const x = T.randn([n], { device, generator: g });
    return {
      run: async () => {
        let last;
        for (let i = 0; i < reps; i++) {
          const y = T.scope(() => chain(x));
          last?.dispose();
          const view = y.narrow(0, 0, 1);
          last = view.clone();
          view.dispose();
          y.dispose();
        }
        await last.data();
        last.dispose();
        return reps;
      },
    };
  };
  const tx = tf.randomNormal([n]);
  const tfRun = {
    run: async () => {
      let last;
      for (let i = 0; i < reps; i++) {
        const y = tf.tidy(() => tfChain(tx));
        last?.dispose();
        last = tf.slice(y, 0, 1);
        y.dispose();
      }
      await last.data();
      last.dispose();
      return reps;
    },
  };
  const ms = await race([tl('webgpu'), tl('webgpu-unfused'), tfRun], 3);
  report('8 elementwise ops, 1M elements', 'ms', ms, (v) => v.toFixed(2));
}

// ---- Net1 training step, batch 64 -----------------------------------------------------------
if (want('net1')) {
  const B = 64;
  const steps = quick ? 3 : 8;
  const tl = (device) => {
    const { step } = net1(T, noGrad, { device, generator: g, B });
    return {
      run: async () => {
        let loss;
        for (let s = 0; s < steps; s++) {
          loss?.dispose();
          loss = step();
        }
        await loss.data();
        return steps;
      },
    };
  };
  const v = (scale, ...shape) => tf.variable(tf.mul(tf.randomNormal(shape), scale));
  const tv = {
    w1: v(0.2, 5, 5, 1, 10),
    b1: v(0.1, 10),
    w2: v(0.06, 5, 5, 10, 20),
    b2: v(0.1, 20),
    w3: v(0.05, 320, 50),
    b3: v(0.1, 50),
    w4: v(0.14, 50, 10),
    b4: v(0.1, 10),
  };
  const tx = tf.randomNormal([B, 28, 28, 1]);
  const ty = tf.softmax(tf.randomNormal([B, 10]));
  const tforward = (x) => {
    let h = tf.relu(tf.maxPool(tf.add(tf.conv2d(x, tv.w1, 1, 'valid'), tv.b1), 2, 2, 'valid'));
    h = tf.relu(tf.maxPool(tf.add(tf.conv2d(h, tv.w2, 1, 'valid'), tv.b2), 2, 2, 'valid'));
    h = tf.relu(tf.add(tf.matMul(tf.reshape(h, [-1, 320]), tv.w3), tv.b3));
    return tf.logSoftmax(tf.add(tf.matMul(h, tv.w4), tv.b4));
  };
  const tfRun = {
    run: async () => {
      let loss;
      for (let s = 0; s < steps; s++) {
        loss?.dispose();
        loss = tf.tidy(() => {
          const { value, grads } = tf.variableGrads(() => tf.neg(tf.mean(tf.sum(tf.mul(tforward(tx), ty), 1))));
          for (const [name, gr] of Object.entries(grads)) {
            const q = Object.values(tv).find((t) => t.name === name);
            q.assign(tf.sub(q, tf.mul(gr, 0.01)));
          }
          return value;
        });
      }
      await loss.data();
      return steps;
    },
  };
  const ms = await race([tl('webgpu'), tl('webgpu-unfused'), tfRun], quick ? 2 : 3);
  report('Net1 training step, batch 64', 'ms', ms, (v) => v.toFixed(1));
}

console.log(
  '\nT/tf: Torchlet (fusion on) ÷ TF.js; Tu/tf: Torchlet with fusion off ÷ TF.js; T/Tu: fusion on ÷ off. Below 1: Torchlet takes less time.',
);
if (process.env.BENCH_JSON) console.log(JSON.stringify(rows));
T.resetRegistry();
tf.disposeVariables();
process.exit(0);
