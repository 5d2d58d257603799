// Training at scale: train the tutorial's CNN in Torchlet, continue in PyTorch with
// DistributedDataParallel under torchrun (gloo, CPU), and evaluate the result back in Torchlet.
import { spawn, spawnSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nn, zeros } from 'torchlet/node';
import { toPyTorchSource } from '@torchlet/onnx';
import { fail, handoffFlags, intFlag, makeNet, mnistDir, pct, setup, testAccuracy, trainSteps } from './handoff.js';

const usage = `Usage: node dist/to-ddp.js [flags]

1. Torchlet trains the tutorial's CNN for --steps steps and saves safetensors.
2. torchrun --nproc_per_node=<nproc> runs tooling/scale-out/ddp_train.py: every rank loads those
   weights into the same PyTorch module, DistributedDataParallel (gloo, CPU) trains --ddp-steps
   more steps on real MNIST, the ranks check they hold identical weights, rank 0 saves safetensors.
3. Torchlet loads them and its test accuracy is compared with PyTorch's for the same weights.

  --model net1|net2    net1 (default): the PyTorch module is the one a user writes for Net1's
                       hand-written forward (tooling/fixtures/generate_nn.py); net2: toPyTorchSource
  --steps <n>          Torchlet steps before the hand-off (default 200)
  --ddp-steps <n>      DDP steps on every rank (default 300)
  --nproc <n>          torchrun processes (default 2)
  --out <dir>          where the files and handoff.json go (default out/scale-out)
  --seed <n>           seed (default 2); --batch-size (per rank), --lr as the main app

Needs PyTorch on /usr/bin/python3 (Debian: apt-get install python3-torch).`;

const PYTHON = '/usr/bin/python3';
const root = fileURLToPath(new URL('../../../', import.meta.url));
const flags = handoffFlags(usage, { 'ddp-steps': 'string', nproc: 'string' });
const ddpSteps = intFlag(flags, 'ddp-steps', 300);
const nproc = intFlag(flags, 'nproc', 2);
const out = resolve(flags.out === 'out' ? 'out/scale-out' : flags.out);
await mkdir(out, { recursive: true });
if (spawnSync(PYTHON, ['-c', 'import torch.distributed'], { stdio: 'ignore' }).status !== 0) {
  fail(`${PYTHON} cannot import torch: install PyTorch there (Debian: apt-get install python3-torch)`);
}

// 1. Torchlet
console.log(`1. Torchlet trains ${flags.which} for ${flags.steps} steps (batch ${flags.batchSize}, lr ${flags.lr}, momentum 0.5)`);
const { model, loaders } = await setup(flags, flags.which);
const trained = await trainSteps(model, loaders, flags.steps, flags.lr);
const init = join(out, 'torchlet.safetensors');
await nn.saveFile(model.stateDict(), init);
const torchletBefore = await testAccuracy(model, loaders);
console.log(`   saved ${init}; test accuracy ${pct(torchletBefore)} (${trained.seconds.toFixed(1)} s of training)`);

// the PyTorch module: written by hand for Net1's forward, generated for Net2's layers
let modelFile = join(root, 'tooling/fixtures/generate_nn.py');
const modelClass = flags.which === 'net1' ? 'Net1' : 'Net2';
if (flags.which === 'net2') {
  modelFile = join(out, 'net2.py');
  await writeFile(modelFile, toPyTorchSource(makeNet('net2'), { sampleInputs: zeros(1, 1, 28, 28) }));
  console.log(`   wrote ${modelFile} with toPyTorchSource`);
}

// 2. torchrun
const port = await new Promise<number>((done) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const p = (s.address() as { port: number }).port;
    s.close(() => done(p));
  });
});
const hasTorchrun = spawnSync('torchrun', ['--help'], { stdio: 'ignore' }).status === 0;
const launcher = hasTorchrun ? ['torchrun'] : [PYTHON, '-m', 'torch.distributed.run'];
const result = join(out, 'ddp.safetensors');
const reportFile = join(out, 'ddp.json');
const args = [
  ...launcher.slice(1),
  '--nnodes=1',
  `--nproc_per_node=${nproc}`,
  '--master_addr=127.0.0.1',
  `--master_port=${port}`,
  // torch 1.13 on Python 3.11 (Debian 12) crashes on the default --redirects 0 --tee 0
  '--redirects=1',
  '--tee=1',
  join(root, 'tooling/scale-out/ddp_train.py'),
  '--model-file',
  modelFile,
  '--model-class',
  modelClass,
  '--init',
  init,
  '--out',
  result,
  '--report',
  reportFile,
  '--mnist',
  mnistDir(),
  '--steps',
  String(ddpSteps),
  '--batch-size',
  String(flags.batchSize),
  '--lr',
  String(flags.lr),
  '--seed',
  String(flags.seed),
];
console.log(`2. ${launcher.join(' ')} --nproc_per_node=${nproc}: DistributedDataParallel (gloo, CPU) for ${ddpSteps} steps per rank`);
const t0 = performance.now();
const code = await new Promise<number | null>((done) => {
  const child = spawn(launcher[0]!, args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, OMP_NUM_THREADS: '1' } });
  child.on('close', done);
});
const ddpSeconds = (performance.now() - t0) / 1000;
if (code !== 0) fail(`torchrun exited with ${code}`);
const ddp = JSON.parse(await readFile(reportFile, 'utf8'));

// 3. back in Torchlet
const back = makeNet(flags.which);
back.loadStateDict(await nn.loadFile(result));
const torchletAfter = await testAccuracy(back, loaders);
const diffPoints = Math.abs(torchletAfter - ddp.test_accuracy) * 100;
const diffBefore = Math.abs(torchletBefore - ddp.init_test_accuracy) * 100;
const summary = {
  model: flags.which,
  torchletSteps: flags.steps,
  torchletTrainSeconds: trained.seconds,
  ddpSteps,
  nproc,
  launcher: launcher.join(' '),
  ddpWallSeconds: ddpSeconds,
  ddpTrainSeconds: ddp.train_seconds,
  ranksIdentical: ddp.ranks_identical,
  beforeHandoff: { torchlet: torchletBefore, pytorch: ddp.init_test_accuracy, diffPoints: diffBefore },
  afterDdp: { torchlet: torchletAfter, pytorch: ddp.test_accuracy, diffPoints },
};
await writeFile(join(out, 'handoff.json'), `${JSON.stringify(summary, null, 2)}\n`);
console.log(`3. Torchlet loaded ${result}`);
console.log(
  `   ranks hold identical weights: ${ddp.ranks_identical}; DDP took ${ddpSeconds.toFixed(1)} s (${ddp.train_seconds.toFixed(1)} s training)`,
);
console.log(`   test accuracy of Torchlet's weights: torchlet ${pct(torchletBefore)}, pytorch ${pct(ddp.init_test_accuracy)}`);
console.log(
  `   test accuracy after DDP:             torchlet ${pct(torchletAfter)}, pytorch ${pct(ddp.test_accuracy)} (difference ${diffPoints.toFixed(2)} points)`,
);
process.exitCode = ddp.ranks_identical && diffPoints <= 0.01 && diffBefore <= 0.01 ? 0 : 1;
