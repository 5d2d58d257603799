import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { DataLoader, F, Subset, data, datasets, nn, noGrad, optim } from 'torchlet';
import runs from '../../../packages/conformance/fixtures/mnist-runs.json';
import { Net1 } from '../src/models.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../../packages/conformance/fixtures/${name}`, import.meta.url));

it("replays PyTorch's fixed-seed run step by step: same init, same batches, same losses", async () => {
  const r = runs.cnn;
  const transform = data.compose([data.toTensor(), data.normalize(0.1307, 0.3081)]);
  const train = await datasets.MNIST.load({ train: true, transform });
  const test = await datasets.MNIST.load({ train: false, transform });
  const net = new Net1();
  net.loadStateDict(nn.load(await readFile(fixture(r.init))));
  const opt = new optim.SGD(net.parameters(), { lr: r.lr, momentum: r.momentum });
  const loader = new DataLoader(
    new Subset(
      train,
      Array.from({ length: r.steps * r.batchSize }, (_, i) => i),
    ),
    { batchSize: r.batchSize },
  );
  const losses: number[] = [];
  for await (const [x, y] of loader as AsyncIterable<[never, never]>) {
    opt.zeroGrad();
    const loss = F.nllLoss(net.call(x), y);
    loss.backward();
    opt.step();
    losses.push(await loss.item());
  }
  expect(losses).toHaveLength(r.steps);
  for (let i = 0; i < r.steps; i++) expect(Math.abs(losses[i]! - r.losses[i]!), `step ${i}`).toBeLessThan(2e-4);
  const [x, y] = (
    await new DataLoader(
      new Subset(
        test,
        Array.from({ length: r.testSamples }, (_, i) => i),
      ),
      { batchSize: r.testSamples },
    )
      [Symbol.asyncIterator]()
      .next()
  ).value as [never, never];
  const out = noGrad(() => net.call(x));
  const acc = await (out as ReturnType<typeof net.call>).argmax(1).eq(y).float().mean().item();
  expect(acc).toBeCloseTo(r.testAccuracy, 3);
}, 300_000);
