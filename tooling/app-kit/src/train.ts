import type { Tensor } from 'torchlet';
import { currentBackendName, noGrad, zeros } from 'torchlet';
import type { CommonFlags } from './flags.js';
import { onInterrupt } from './interrupt.js';
import { writeMetrics, type EpochMetrics, type RunMetrics } from './metrics.js';
import type { MnistLoaders } from './mnist.js';
import { ProgressBar, fmtTime } from './progress.js';

export interface TrainLoop {
  app: string;
  flags: CommonFlags;
  loaders: MnistLoaders;
  config?: Record<string, unknown>;
  /** one optimisation step on a batch; returns the loss and the log-probabilities */
  step(x: Tensor, y: Tensor): { loss: Tensor; output: Tensor };
  /** log-probabilities for evaluation (called inside noGrad) */
  predict(x: Tensor): Tensor;
  setMode?(training: boolean): void;
}

export interface TrainResult {
  metrics: RunMetrics;
  testAccuracy: number | null;
  testLoss: number | null;
}

/** Sum of the NLL and the number of correct predictions over a loader. */
export async function evaluate(
  loop: Pick<TrainLoop, 'predict' | 'setMode'>,
  loader: MnistLoaders['test'],
): Promise<{ loss: number; accuracy: number }> {
  loop.setMode?.(false);
  let lossSum = 0;
  let correct = 0;
  let n = 0;
  for await (const [x, y] of loader) {
    const out = noGrad(() => loop.predict(x));
    lossSum += await out.gather(1, y.unsqueeze(1)).sum().neg().item();
    correct += await out.argmax(1).eq(y).int().sum().item();
    n += y.shape[0]!;
  }
  loop.setMode?.(true);
  return { loss: lossSum / n, accuracy: correct / n };
}

/** Train for flags.epochs with a progress bar, evaluate after each epoch, write metrics. */
export async function runTraining(loop: TrainLoop): Promise<TrainResult> {
  const { flags, loaders } = loop;
  const device = currentBackendName();
  console.log(
    `device: ${device} | backend: ${device} | data: MNIST (${loaders.source}), ${loaders.trainSize} train / ${loaders.testSize} test samples`,
  );
  const interrupt = onInterrupt();
  const metrics: RunMetrics = {
    app: loop.app,
    config: { ...loop.config, epochs: flags.epochs, batchSize: flags.batchSize, lr: flags.lr, seed: flags.seed, limit: flags.limit },
    device,
    epochs: [],
    steps: [],
    interrupted: false,
  };
  const sampleEvery = Math.max(1, Math.floor((loaders.trainSize * flags.epochs) / flags.batchSize / 300));
  let seen = 0;
  let last: { loss: number; accuracy: number } | null = null;
  loop.setMode?.(true);
  outer: for (let epoch = 1; epoch <= flags.epochs; epoch++) {
    const t0 = performance.now();
    const bar = new ProgressBar(`epoch ${epoch}/${flags.epochs}`, loaders.trainSize);
    // running sums stay on the device; they are read only when the bar is drawn
    let lossSum = zeros([], { device });
    let correct = zeros([], { device, dtype: 'int32' });
    let done = 0;
    let steps = 0;
    for await (const [x, y] of loaders.train) {
      const { loss, output } = loop.step(x, y);
      const b = y.shape[0]!;
      noGrad(() => {
        lossSum = lossSum.add(loss.detach().mul(b));
        correct = correct.add(output.detach().argmax(1).eq(y).int().sum());
      });
      done += b;
      seen += b;
      steps++;
      if (steps % sampleEvery === 0 || done === loaders.trainSize) {
        const s = { loss: (await lossSum.item()) / done, accuracy: (await correct.item()) / done };
        metrics.steps.push({ sample: seen, ...s });
        bar.update(done, { loss: s.loss, acc: s.accuracy });
      }
      if (interrupt.requested) {
        metrics.interrupted = true;
        bar.end();
        break outer;
      }
    }
    bar.end();
    const train = { loss: (await lossSum.item()) / Math.max(done, 1), accuracy: (await correct.item()) / Math.max(done, 1) };
    const seconds = (performance.now() - t0) / 1000;
    const test = await evaluate(loop, loaders.test);
    last = test;
    const em: EpochMetrics = {
      epoch,
      trainLoss: train.loss,
      trainAccuracy: train.accuracy,
      testLoss: test.loss,
      testAccuracy: test.accuracy,
      seconds,
    };
    metrics.epochs.push(em);
    console.log(
      `epoch ${epoch}: train loss ${train.loss.toFixed(4)}, train accuracy ${(100 * train.accuracy).toFixed(2)}% | test loss ${test.loss.toFixed(4)}, test accuracy ${(100 * test.accuracy).toFixed(2)}% | ${fmtTime(seconds)}`,
    );
  }
  interrupt.dispose();
  if (metrics.interrupted) {
    console.log('Stopped early; evaluating the model as it is now');
    last = await evaluate(loop, loaders.test);
  }
  const { json, svg } = await writeMetrics(flags.out, metrics);
  const perEpoch = metrics.epochs.map((e) => fmtTime(e.seconds)).join(', ');
  console.log(
    `summary: test loss ${last ? last.loss.toFixed(4) : '-'}, test accuracy ${last ? (100 * last.accuracy).toFixed(2) : '-'}%` +
      `${perEpoch ? `, time per epoch ${perEpoch}` : ''}\nmetrics: ${json}\nchart: ${svg}`,
  );
  return { metrics, testAccuracy: last?.accuracy ?? null, testLoss: last?.loss ?? null };
}
