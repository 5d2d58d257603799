// Serving: train the tutorial's CNN in Torchlet, export it to ONNX with a dynamic batch axis, and
// evaluate the ONNX file in onnxruntime against Torchlet on the whole MNIST test set.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { nn, noGrad, zeros } from 'torchlet/node';
import type { Tensor } from 'torchlet';
import { exportOnnxFile } from '@torchlet/onnx/node';
import { handoffFlags, pct, setup, trainSteps } from './handoff.js';

const usage = `Usage: node dist/to-onnx.js [flags]

Trains the tutorial's CNN for --steps steps (or loads --load weights), writes it as ONNX with a
dynamic batch axis, and runs that file in onnxruntime on MNIST's test set next to Torchlet.

  --model net1|net2    the forward by hand (default) or Sequential blocks
  --steps <n>          Torchlet training steps (default 200)
  --load <file>        safetensors to export instead of training
  --out <dir>          where <model>.onnx and onnx.json go (default out/scale-out)
  --seed <n>           seed (default 2); --batch-size, --lr as the main app`;

const flags = handoffFlags(usage, { load: 'string' });
const out = flags.out === 'out' ? 'out/scale-out' : flags.out;
await mkdir(out, { recursive: true });
const { model, loaders } = await setup(flags, flags.which);
if (flags.extra.load) model.loadStateDict(await nn.loadFile(flags.extra.load as string));
else await trainSteps(model, loaders, flags.steps, flags.lr);

const file = join(out, `${flags.which}.onnx`);
const t0 = performance.now();
const bytes = await exportOnnxFile(model, zeros(1, 1, 28, 28), file, {
  inputNames: ['image'],
  outputNames: ['log_probs'],
  dynamicAxes: { image: { 0: 'batch' }, log_probs: { 0: 'batch' } },
});
const exportMs = performance.now() - t0;
console.log(`exported ${file} (${bytes.length} bytes) in ${exportMs.toFixed(0)} ms`);

const session = await ort.InferenceSession.create(file);
model.eval();
let correctOrt = 0;
let correctTorchlet = 0;
let n = 0;
let maxDiff = 0;
let ortMs = 0;
for await (const [x, y] of loaders.test) {
  const want = (await noGrad(() => model.call(x) as Tensor).data()) as Float32Array;
  const t = performance.now();
  const res = await session.run({ image: new ort.Tensor('float32', (await x.data()) as Float32Array, [...x.shape]) });
  ortMs += performance.now() - t;
  const got = res.log_probs!.data as Float32Array;
  const labels = await y.data();
  const argmax = (p: Float32Array, i: number) => {
    let best = 0;
    for (let c = 1; c < 10; c++) if (p[i * 10 + c]! > p[i * 10 + best]!) best = c;
    return best;
  };
  for (let i = 0; i < labels.length; i++) {
    if (argmax(got, i) === labels[i]) correctOrt++;
    if (argmax(want, i) === labels[i]) correctTorchlet++;
  }
  for (let i = 0; i < got.length; i++) maxDiff = Math.max(maxDiff, Math.abs(got[i]! - want[i]!));
  n += labels.length;
}
await session.release();
const accTorchlet = correctTorchlet / n;
const report = {
  model: flags.which,
  file,
  bytes: bytes.length,
  exportMs,
  testSamples: n,
  torchletAccuracy: accTorchlet,
  onnxruntimeAccuracy: correctOrt / n,
  maxAbsDiff: maxDiff,
  onnxruntimeMs: ortMs,
};
await writeFile(join(out, 'onnx.json'), `${JSON.stringify(report, null, 2)}\n`);
console.log(
  `test accuracy: torchlet ${pct(accTorchlet)}, onnxruntime ${pct(correctOrt / n)} (${n} images); max |onnxruntime - torchlet| log-probability ${maxDiff.toExponential(2)}`,
);
// the same predictions up to a tie on one image (0.01 points)
process.exitCode = maxDiff < 1e-4 && Math.abs(correctOrt / n - accTorchlet) <= 1e-4 ? 0 : 1;
