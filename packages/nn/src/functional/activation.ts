import type { Tensor } from '@torchlet/tensor';
import { ValueError, assertTensor, checkOptions, where } from '@torchlet/tensor';

const input = (x: unknown, op: string): Tensor => {
  assertTensor(x, 'the input', op);
  return x;
};

export const relu = (x: Tensor): Tensor => input(x, 'relu').relu();
export const sigmoid = (x: Tensor): Tensor => input(x, 'sigmoid').sigmoid();
export const tanh = (x: Tensor): Tensor => input(x, 'tanh').tanh();
export const softmax = (x: Tensor, dim: number): Tensor => input(x, 'softmax').softmax(dim);
export const logSoftmax = (x: Tensor, dim: number): Tensor => input(x, 'logSoftmax').logSoftmax(dim);

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
