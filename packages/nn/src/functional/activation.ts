import type { Tensor } from '@torchlet/tensor';
import { ValueError, assertTensor, checkOptions, where } from '@torchlet/tensor';

const input = (x: unknown, op: string): Tensor => {
  assertTensor(x, 'the input', op);
  return x;
};

/** `max(0, x)` elementwise (PyTorch's `F.relu`). */
export const relu = (x: Tensor): Tensor => input(x, 'relu').relu();
/** `1 / (1 + exp(-x))` elementwise (PyTorch's `F.sigmoid`). */
export const sigmoid = (x: Tensor): Tensor => input(x, 'sigmoid').sigmoid();
/** Hyperbolic tangent elementwise. */
export const tanh = (x: Tensor): Tensor => input(x, 'tanh').tanh();
/** Softmax of `x` along `dim` (negative counts from the end): exp(x) normalised to sum to 1. */
export const softmax = (x: Tensor, dim: number): Tensor => input(x, 'softmax').softmax(dim);
/** Log of the softmax of `x` along `dim`, computed stably (PyTorch's `F.log_softmax`). */
export const logSoftmax = (x: Tensor, dim: number): Tensor => input(x, 'logSoftmax').logSoftmax(dim);

/** `x` where positive, `negativeSlope * x` elsewhere (0.01 by default; PyTorch's `F.leaky_relu`). */
export function leakyRelu(x: Tensor, negativeSlope = 0.01): Tensor {
  input(x, 'leakyRelu');
  return where(x.gt(0), x, x.mul(negativeSlope));
}

/** GELU, exact (x * Phi(x)) or with the tanh approximation. */
export function gelu(x: Tensor, options: { approximate?: 'none' | 'tanh' } = {}): Tensor {
  input(x, 'gelu');
  checkOptions(options, ['approximate'], 'gelu');
  const approximate = options.approximate ?? 'none';
  if (approximate === 'tanh') {
    const inner = x.add(x.mul(x).mul(x).mul(0.044715)).mul(Math.sqrt(2 / Math.PI));
    return x.mul(0.5).mul(inner.tanh().add(1));
  }
  if (approximate !== 'none') throw new ValueError(`approximate must be 'none' or 'tanh', got ${JSON.stringify(approximate)}`, 'gelu');
  return x.mul(0.5).mul(x.mul(Math.SQRT1_2).erf().add(1));
}
