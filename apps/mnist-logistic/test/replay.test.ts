import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { DataLoader, F, Subset, data, datasets, nn, noGrad, type Tensor } from 'torchlet';
import runs from '../../../packages/conformance/fixtures/mnist-runs.json';

const fixture = (name: string) => fileURLToPath(new URL(`../../../packages/conformance/fixtures/${name}`, import.meta.url));

it("replays PyTorch's fixed-seed run (3,000 single-sample steps) with the same losses and test accuracy", async () => {
  const r = runs.logistic;
  const transform = data.compose([data.toTensor(), data.normalize(0.1307, 0.3081)]);
  const train = await datasets.MNIST.load({ train: true, transform });
  const test = await datasets.MNIST.load({ train: false, transform });
  const init = nn.load(await readFile(fixture(r.init)));
  const W = init.W!.requiresGrad_();
  const b = init.b!.requiresGrad_();
  const forward = (x: Tensor) => x.view(-1, 784).mm(W).add(b).logSoftmax(1);
  const losses: number[] = [];
  for await (const [x, y] of new DataLoader(
    new Subset(
      train,
      Array.from({ length: r.steps }, (_, i) => i),
    ),
  ) as AsyncIterable<[Tensor, Tensor]>) {
    const loss = F.nllLoss(forward(x), y);
    loss.backward();
    noGrad(() => {
      W.sub_(W.grad!.mul(r.lr));
      b.sub_(b.grad!.mul(r.lr));
      W.grad!.zero_();
      b.grad!.zero_();
    });
    losses.push(await loss.item());
  }
  let worst = 0;
  for (let i = 0; i < r.steps; i++) worst = Math.max(worst, Math.abs(losses[i]! - r.losses[i]!) / Math.max(1, Math.abs(r.losses[i]!)));
  expect(worst).toBeLessThan(1e-3);
  const [x, y] = (await new DataLoader(test, { batchSize: test.length })[Symbol.asyncIterator]().next()).value as [Tensor, Tensor];
  const acc = await noGrad(() => forward(x))
    .argmax(1)
    .eq(y)
    .float()
    .mean()
    .item();
  expect(Math.abs(acc - r.testAccuracy)).toBeLessThan(0.002);
}, 300_000);
