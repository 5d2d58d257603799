import type { Generator, Tensor } from '@torchlet/tensor';
import { rand, ValueError } from '@torchlet/tensor';

/** Zero elements with probability p during training and scale the rest by 1 / (1 - p). */
export function dropout(x: Tensor, p = 0.5, training = true, options: { generator?: Generator } = {}): Tensor {
  if (!(p >= 0 && p <= 1)) throw new ValueError(`dropout probability has to be between 0 and 1, but got ${p}`, 'dropout');
  if (!training || p === 0) return x;
  if (p === 1) return x.mul(0);
  const keep = rand([...x.shape], { device: x.device, generator: options.generator }).ge(p);
  return x.mul(keep).div(1 - p);
}
