import type { Tensor } from '@torchlet/tensor';
import { loadArrays, MNIST, type MNISTOptions } from './mnist.js';
import { FASHION_MNIST_SPEC, type DatasetSpec } from './resources.js';

/**
 * Zalando's Fashion-MNIST (torchvision.datasets.FashionMNIST): 28x28 gray images of ten kinds of
 * clothing, in MNIST's format and layout (files under root or root/FashionMNIST/raw).
 */
export class FashionMNIST<I = Tensor, T = number> extends MNIST<I, T> {
  /** Fashion-MNIST's files, mirror, checksums and class names. */
  static override readonly spec: DatasetSpec = FASHION_MNIST_SPEC;

  static override async load<I = Tensor, T = number>(options: MNISTOptions<I, T> = {}): Promise<FashionMNIST<I, T>> {
    const { arrays, source } = await loadArrays(FASHION_MNIST_SPEC, options);
    return new FashionMNIST(arrays, { ...options, source });
  }
}
