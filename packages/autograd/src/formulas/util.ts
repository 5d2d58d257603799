import type { Tensor } from '@torchlet/tensor';
import { shapesEqual } from '@torchlet/tensor';

/** Sum a broadcast gradient back to the shape of the input it came from. */
export function sumToShape(g: Tensor, shape: readonly number[]): Tensor {
  if (shapesEqual(g.shape, shape)) return g;
  const lead = g.ndim - shape.length;
  let out = g;
  if (lead > 0) out = out.sum(Array.from({ length: lead }, (_, i) => i));
  const dims = shape.map((s, i) => (s === 1 && out.shape[i] !== 1 ? i : -1)).filter((d) => d >= 0);
  if (dims.length) out = out.sum(dims, { keepdim: true });
  return out;
}

/** Re-insert reduced dims (size 1) so a reduced gradient broadcasts against the input. */
export function unreduce(g: Tensor, dims: readonly number[], keepdim: boolean, inputShape: readonly number[]): Tensor {
  let out = g;
  if (!keepdim) for (const d of [...dims].sort((a, b) => a - b)) out = out.unsqueeze(d);
  return out.expand([...inputShape]);
}
