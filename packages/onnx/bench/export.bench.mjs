// Export time of the tutorial's CNNs, as a ratio to one Torchlet forward of the same batch (the anchor,
// measured in the same run), and onnxruntime's forward against Torchlet's at batch 64.
// Run after a build: `pnpm --filter @torchlet/onnx build && pnpm --filter @torchlet/onnx bench`.
import * as ort from 'onnxruntime-node';
import { manualSeed, randn, setGradEnabled } from '@torchlet/tensor';
import { registerCpuBackend } from '@torchlet/backend-cpu';
import { Conv2d, F, Linear, LogSoftmax, MaxPool2d, Module, ReLU, Sequential } from '@torchlet/nn';
import { exportOnnx } from '../dist/index.js';

class Net1 extends Module {
  conv1 = new Conv2d(1, 10, 5);
  conv2 = new Conv2d(10, 20, 5);
  fc1 = new Linear(320, 50);
  fc2 = new Linear(50, 10);
  forward(x) {
    x = F.relu(F.maxPool2d(this.conv1.call(x), 2));
    x = F.relu(F.maxPool2d(this.conv2.call(x), 2));
    return F.logSoftmax(this.fc2.call(F.relu(this.fc1.call(x.view(-1, 320)))), 1);
  }
}
const net2 = () =>
  new (class Net2 extends Module {
    head = new Sequential(new Conv2d(1, 10, 5), new MaxPool2d(2), new ReLU(), new Conv2d(10, 20, 5), new MaxPool2d(2), new ReLU());
    tail = new Sequential(new Linear(320, 50), new ReLU(), new Linear(50, 10), new LogSoftmax(1));
    forward(x) {
      return this.tail.call(this.head.call(x).view(-1, 320));
    }
  })();

registerCpuBackend();
setGradEnabled(false);
manualSeed(1);
const median = async (fn, n) => {
  const t = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    t.push(performance.now() - t0);
  }
  return t.sort((a, b) => a - b)[n >> 1];
};

for (const [name, model] of [
  ['Net1', new Net1()],
  ['Net2', net2()],
]) {
  model.eval();
  const sample = randn(1, 1, 28, 28);
  await exportOnnx(model, sample); // warm-up
  const forwardMs = await median(() => model.call(sample), 20);
  const exportMs = await median(() => exportOnnx(model, sample, { dynamicAxes: { input: [0], output: [0] } }), 10);
  const bytes = await exportOnnx(model, sample, { dynamicAxes: { input: [0], output: [0] } });
  const session = await ort.InferenceSession.create(bytes);
  const x = randn(64, 1, 28, 28);
  const feed = { input: new ort.Tensor('float32', await x.data(), [64, 1, 28, 28]) };
  await session.run(feed);
  const ortMs = await median(() => session.run(feed), 20);
  const torchletMs = await median(() => model.call(x).data(), 10);
  console.log(
    `${name}: export ${exportMs.toFixed(1)} ms = ${(exportMs / forwardMs).toFixed(1)}x one batch-1 forward (${forwardMs.toFixed(2)} ms), ${bytes.length} bytes; ` +
      `batch 64 forward: onnxruntime ${ortMs.toFixed(2)} ms, torchlet ${torchletMs.toFixed(2)} ms (torchlet/onnxruntime ${(torchletMs / ortMs).toFixed(1)})`,
  );
  await session.release();
}
