// The logistic regression again, with nn.Linear and optim.SGD doing the bookkeeping.
import { F, manualSeed, nn, optim, type Tensor } from 'torchlet';
import { COMMON_USAGE, mnistLoaders, parseFlags, runTraining, useBackend } from '@torchlet/app-kit';

const flags = parseFlags(
  { epochs: 2, batchSize: 1, lr: 0.001 },
  `Usage: pnpm start [flags]\n\nMNIST with one nn.Linear layer trained by optim.SGD.\n\n${COMMON_USAGE}`,
);
await useBackend(flags.backend);
manualSeed(flags.seed);

class SimpleNet extends nn.Module {
  linear = new nn.Linear(784, 10);
  forward(x: Tensor): Tensor {
    return F.logSoftmax(this.linear.call(x.view(-1, 784)), 1);
  }
}

const model = new SimpleNet();
console.log(String(model));
const optimizer = new optim.SGD(model.parameters(), { lr: flags.lr });
const loaders = await mnistLoaders({ batchSize: flags.batchSize, seed: flags.seed, limit: flags.limit });
const result = await runTraining({
  app: 'mnist-simplenet',
  flags,
  loaders,
  step(x, y) {
    optimizer.zeroGrad();
    const output = model.call(x);
    const loss = F.nllLoss(output, y);
    loss.backward();
    optimizer.step();
    return { loss, output };
  },
  predict: (x) => model.call(x),
  setMode: (training) => model.train(training),
});
process.exitCode = result.testAccuracy === null ? 1 : 0;
