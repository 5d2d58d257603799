// The tutorial's first program: logistic regression on MNIST, by hand.
//   W = randn(784, 10), b = randn(10), logSoftmax(x.view(-1, 784).mm(W).add(b)), nllLoss,
//   backward(), then W -= lr * W.grad under noGrad.
import { F, manualSeed, noGrad, randn, type Tensor } from 'torchlet';
import { COMMON_USAGE, mnistLoaders, parseFlags, runTraining, useBackend } from '@torchlet/app-kit';

const flags = parseFlags(
  { epochs: 2, batchSize: 1, lr: 0.001 },
  `Usage: pnpm start [flags]\n\nLogistic regression on MNIST with a hand-written SGD update.\n\n${COMMON_USAGE}`,
);
await useBackend(flags.backend);
manualSeed(flags.seed);

const W = randn(784, 10, { requiresGrad: true });
const b = randn(10, { requiresGrad: true });
const forward = (x: Tensor) => x.view(-1, 784).mm(W).add(b).logSoftmax(1);

const loaders = await mnistLoaders({ batchSize: flags.batchSize, seed: flags.seed, limit: flags.limit });
const result = await runTraining({
  app: 'mnist-logistic',
  flags,
  loaders,
  step(x, y) {
    const output = forward(x);
    const loss = F.nllLoss(output, y);
    loss.backward();
    noGrad(() => {
      W.sub_(W.grad!.mul(flags.lr));
      b.sub_(b.grad!.mul(flags.lr));
      W.grad!.zero_();
      b.grad!.zero_();
    });
    return { loss, output };
  },
  predict: forward,
});
process.exitCode = result.testAccuracy === null ? 1 : 0;
