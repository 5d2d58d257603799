// Torchlet's side of the benchmark: `node torchlet-bench.mjs <task> [args]`, one JSON line out.
import { F, fromTypedArray, manualSeed, memory, nn, noGrad, optim, randn, registerCpuBackend, setBackend, tensor } from 'torchlet/node';
import { BATCH, batchPixels, loadMnist, readOrder, report, timeMs } from './common.mjs';
import { Net1 } from './net1.mjs';

const [task, ...args] = process.argv.slice(2);
const threads = process.env.TORCHLET_THREADS ? Number(process.env.TORCHLET_THREADS) : undefined;
if (threads !== undefined || process.env.TORCHLET_ENGINE) registerCpuBackend({ threads, engine: process.env.TORCHLET_ENGINE });
await setBackend('cpu');

function testAccuracy(predict, n) {
  const test = loadMnist(false);
  let correct = 0;
  for (let i = 0; i < n; i += 1000) {
    const idx = Int32Array.from({ length: Math.min(1000, n - i) }, (_, k) => i + k);
    const x = fromTypedArray(batchPixels(test.images, idx), [idx.length, 1, 28, 28]);
    const pred = noGrad(() => predict(x))
      .argmax(1)
      .dataSync();
    for (let k = 0; k < idx.length; k++) if (pred[k] === test.labels[i + k]) correct++;
  }
  return correct / n;
}

if (task === 'net1') {
  const [dir, limitArg] = args;
  const order = readOrder(dir);
  const steps = Math.floor(Math.min(order.length, Number(limitArg ?? order.length)) / BATCH);
  const train = loadMnist(true);
  const model = new Net1();
  model.loadStateDict(await nn.loadFile(`${dir}/net1-init.safetensors`));
  const opt = new optim.SGD(model.parameters(), { lr: 0.01, momentum: 0.5 });
  const times = [];
  const t0 = performance.now();
  for (let s = 0; s < steps; s++) {
    const t = performance.now();
    const idx = order.subarray(s * BATCH, (s + 1) * BATCH);
    const x = fromTypedArray(batchPixels(train.images, idx), [BATCH, 1, 28, 28]);
    const y = tensor(Array.from(idx, (i) => train.labels[i]));
    opt.zeroGrad();
    const loss = F.nllLoss(model.call(x), y);
    loss.backward();
    opt.step();
    times.push(performance.now() - t);
  }
  const seconds = (performance.now() - t0) / 1000;
  const steady = times.slice(20).sort((a, b) => a - b)[Math.floor((times.length - 20) / 2)];
  report({ task, seconds, stepMs: steady, steps, accuracy: testAccuracy((x) => model.call(x), 10000), memory: memory().numBytes });
} else if (task === 'logistic') {
  const [dir, stepsArg] = args;
  const order = readOrder(dir);
  const steps = Number(stepsArg ?? 2 * order.length);
  const train = loadMnist(true);
  const init = await nn.loadFile(`${dir}/logistic-init.safetensors`);
  const W = init.W.clone().requiresGrad_();
  const b = init.b.clone().requiresGrad_();
  // the whole training set normalised once; each step views one sample (zero-copy)
  const pixels = batchPixels(
    train.images,
    Int32Array.from({ length: train.n }, (_, i) => i),
  );
  const labels = Int32Array.from(train.labels);
  const t0 = performance.now();
  for (let s = 0; s < steps; s++) {
    const i = order[s % order.length];
    const x = fromTypedArray(pixels.subarray(i * 784, (i + 1) * 784), [1, 784]);
    const y = fromTypedArray(labels.subarray(i, i + 1), [1]);
    const loss = F.nllLoss(x.mm(W).add(b).logSoftmax(1), y);
    loss.backward();
    noGrad(() => {
      W.sub_(W.grad.mul(0.001));
      b.sub_(b.grad.mul(0.001));
      W.grad.zero_();
      b.grad.zero_();
    });
  }
  const seconds = (performance.now() - t0) / 1000;
  report({ task, seconds, usPerStep: (seconds * 1e6) / steps, steps, accuracy: testAccuracy((x) => x.view(-1, 784).mm(W).add(b), 10000) });
} else if (task === 'matmul') {
  const n = Number(args[0]);
  manualSeed(1);
  const a = randn(n, n);
  const b = randn(n, n);
  const ms = timeMs(() => a.matmul(b).dispose(), n >= 1024 ? 10 : 50);
  report({ task, n, gflops: (2 * n ** 3) / ms / 1e6, threads: threads ?? 'default' });
} else if (task === 'add') {
  const n = Number(args[0]);
  const a = randn(n);
  const b = randn(n);
  const reps = n > 1000 ? 200 : 20000;
  const ms = timeMs(() => {
    for (let i = 0; i < 10; i++) a.add(b).dispose();
  }, reps / 10);
  report({ task, n, usPerOp: (ms * 1000) / 10 });
} else if (task === 'threshold') {
  // where worker threads start to pay: the same work on one thread and on two (no size
  // threshold), interleaved, wall time per call, best of several rounds
  registerCpuBackend({ name: 'one', threads: 1, priority: -1 });
  registerCpuBackend({ name: 'two', threads: 2, parallelFlops: 0, priority: -1 });
  const { getBackend } = await import('torchlet');
  const best = (fn, reps) => {
    let t = Infinity;
    for (let r = 0; r < 7; r++) {
      const t0 = performance.now();
      for (let i = 0; i < reps; i++) fn();
      t = Math.min(t, (performance.now() - t0) / reps);
    }
    return t * 1000;
  };
  // start the workers: they take jobs once they have loaded
  const warm = randn(256, 256).to('two');
  const t0 = Date.now();
  while (getBackend('two').memory().threadJobs === 0 && Date.now() - t0 < 20000) {
    warm.matmul(warm).dispose();
    await new Promise((r) => setTimeout(r, 20));
  }
  const rows = [];
  for (const n of [32, 48, 64, 96, 128, 160, 192, 256]) {
    const [a1, b1] = [randn(n, n).to('one'), randn(n, n).to('one')];
    const [a2, b2] = [a1.to('two'), b1.to('two')];
    const reps = Math.max(3, Math.round(2e8 / (2 * n ** 3)));
    const one = best(() => a1.matmul(b1).dispose(), reps);
    const two = best(() => a2.matmul(b2).dispose(), reps);
    rows.push({ work: `matmul ${n}`, flops: 2 * n ** 3, oneUs: +one.toFixed(1), twoUs: +two.toFixed(1), speedup: +(one / two).toFixed(2) });
  }
  for (const n of [1 << 15, 1 << 16, 1 << 17, 1 << 18, 1 << 19, 1 << 20, 1 << 22]) {
    const [a1, b1] = [randn(n).to('one'), randn(n).to('one')];
    const [a2, b2] = [a1.to('two'), b1.to('two')];
    const reps = Math.max(3, Math.round(2e7 / n));
    const one = best(() => a1.add(b1).dispose(), reps);
    const two = best(() => a2.add(b2).dispose(), reps);
    rows.push({ work: `a + b ${n}`, elements: n, oneUs: +one.toFixed(1), twoUs: +two.toFixed(1), speedup: +(one / two).toFixed(2) });
  }
  for (const r of rows) console.error(JSON.stringify(r));
  report({ task, rows });
} else if (task === 'overhead') {
  // where one small op's time goes: each layer of the stack measured on its own, CPU time per op
  const { getBackend, getKernel, runKernel } = await import('torchlet');
  const b = getBackend('cpu');
  const a = randn(10);
  const c = randn(10);
  const g = randn(10, { requiresGrad: true });
  const reps = 200_000;
  const cpuUs = (fn) => {
    for (let i = 0; i < reps / 10; i++) fn();
    const t0 = process.cpuUsage();
    for (let i = 0; i < reps; i++) fn();
    const t = process.cpuUsage(t0);
    return (t.user + t.system) / reps;
  };
  const kernel = getKernel('add', 'cpu');
  const attrs = { outDType: 'float32', shape: [10] };
  const ia = a.info();
  const ic = c.info();
  const layers = {
    kernel: cpuUs(() => b.free(kernel([ia, ic], attrs, b).dataId)),
    dispatch: cpuUs(() => runKernel('add', [a, c], attrs).dispose()),
    op: cpuUs(() => a.add(c).dispose()),
    opRecorded: cpuUs(() => g.add(c).dispose()),
  };
  report({ task, ...layers });
} else {
  console.error(`unknown task ${task}`);
  process.exit(2);
}
