// TensorFlow.js (WebAssembly backend, SIMD, one thread) on the same work: one JSON line out.
// tfjs-backend-wasm 4.22 has no Conv2DBackpropFilter kernel, so the convolutions here carry a
// custom gradient that computes it with the backend's own Conv2D (the filter gradient is the
// correlation of the input with the output gradient, batch as channels).
import * as tf from '@tensorflow/tfjs-core';
// the umbrella package registers every op's gradient (tfjs-core alone has none)
import '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { BATCH, batchPixels, loadMnist, readOrder, readSafetensors, report, timeMs } from './common.mjs';

await tf.setBackend('wasm');
await tf.ready();
const [task, ...args] = process.argv.slice(2);

const conv = tf.customGrad((x, w, save) => {
  save([x, w]);
  return {
    value: tf.conv2d(x, w, 1, 'valid'),
    gradFunc: (dy, [xs, ws]) => {
      const dx = tf.conv2dTranspose(dy, ws, xs.shape, 1, 'valid');
      // dW[i, j, c, o] = sum over n, p, q of x[n, p + i, q + j, c] * dy[n, p, q, o]
      const dw = tf.transpose(tf.conv2d(tf.transpose(xs, [3, 1, 2, 0]), tf.transpose(dy, [1, 2, 0, 3]), 1, 'valid'), [1, 2, 0, 3]);
      return [dx, dw];
    },
  };
});

if (task === 'net1') {
  const [dir, limitArg] = args;
  const order = readOrder(dir);
  const steps = Math.floor(Math.min(order.length, Number(limitArg ?? order.length)) / BATCH);
  const train = loadMnist(true);
  const st = readSafetensors(`${dir}/net1-init.safetensors`);
  const t = (name) => tf.tensor(st[name].data, st[name].shape);
  // PyTorch layouts to NHWC ones; fc1 columns reordered from (c, h, w) to (h, w, c) flattening
  const v = {
    w1: tf.variable(tf.transpose(t('conv1.weight'), [2, 3, 1, 0])),
    b1: tf.variable(t('conv1.bias')),
    w2: tf.variable(tf.transpose(t('conv2.weight'), [2, 3, 1, 0])),
    b2: tf.variable(t('conv2.bias')),
    w3: tf.variable(tf.reshape(tf.transpose(tf.reshape(t('fc1.weight'), [50, 20, 4, 4]), [2, 3, 1, 0]), [320, 50])),
    b3: tf.variable(t('fc1.bias')),
    w4: tf.variable(tf.transpose(t('fc2.weight'))),
    b4: tf.variable(t('fc2.bias')),
  };
  const forward = (x) => {
    let h = tf.relu(tf.maxPool(tf.add(conv(x, v.w1), v.b1), 2, 2, 'valid'));
    h = tf.relu(tf.maxPool(tf.add(conv(h, v.w2), v.b2), 2, 2, 'valid'));
    h = tf.relu(tf.add(tf.matMul(tf.reshape(h, [-1, 320]), v.w3), v.b3));
    return tf.logSoftmax(tf.add(tf.matMul(h, v.w4), v.b4));
  };
  const byName = new Map(Object.values(v).map((q) => [q.name, q]));
  const bufs = new Map();
  const times = [];
  const t0 = performance.now();
  for (let s = 0; s < steps; s++) {
    const ts = performance.now();
    const idx = order.subarray(s * BATCH, (s + 1) * BATCH);
    tf.tidy(() => {
      const x = tf.tensor4d(batchPixels(train.images, idx), [BATCH, 28, 28, 1]);
      const y = tf.oneHot(
        tf.tensor1d(
          Int32Array.from(idx, (i) => train.labels[i]),
          'int32',
        ),
        10,
      );
      const { grads } = tf.variableGrads(() => tf.neg(tf.mean(tf.sum(tf.mul(forward(x), y), 1))));
      // SGD with momentum 0.5, as torch.optim.SGD
      for (const [name, g] of Object.entries(grads)) {
        const prev = bufs.get(name);
        const buf = prev ? tf.add(tf.mul(prev, 0.5), g) : g;
        if (prev) prev.dispose();
        bufs.set(name, tf.keep(buf));
        const p = byName.get(name);
        p.assign(tf.sub(p, tf.mul(buf, 0.01)));
      }
    });
    times.push(performance.now() - ts);
  }
  const seconds = (performance.now() - t0) / 1000;
  const test = loadMnist(false);
  let correct = 0;
  for (let i = 0; i < test.n; i += 1000) {
    const idx = Int32Array.from({ length: 1000 }, (_, k) => i + k);
    const pred = tf.tidy(() => tf.argMax(forward(tf.tensor4d(batchPixels(test.images, idx), [1000, 28, 28, 1])), 1).dataSync());
    for (let k = 0; k < 1000; k++) if (pred[k] === test.labels[i + k]) correct++;
  }
  const steady = times.slice(20).sort((a, b) => a - b)[Math.floor((times.length - 20) / 2)];
  report({ task, seconds, stepMs: steady, steps, accuracy: correct / test.n });
} else if (task === 'matmul') {
  const n = Number(args[0]);
  const a = tf.randomNormal([n, n]);
  const b = tf.randomNormal([n, n]);
  const ms = timeMs(
    () => {
      const c = tf.matMul(a, b);
      c.dataSync();
      c.dispose();
    },
    n >= 1024 ? 10 : 50,
  );
  report({ task, n, gflops: (2 * n ** 3) / ms / 1e6 });
} else if (task === 'add') {
  const n = Number(args[0]);
  const a = tf.randomNormal([n]);
  const b = tf.randomNormal([n]);
  const reps = n > 1000 ? 200 : 20000;
  const ms = timeMs(() => {
    for (let i = 0; i < 10; i++) tf.add(a, b).dispose();
  }, reps / 10);
  report({ task, n, usPerOp: (ms * 1000) / 10 });
} else {
  console.error(`unknown task ${task}`);
  process.exit(2);
}
