import type { Tensor } from '@torchlet/tensor';
import { ShapeError, assertTensor, shapeStr } from '@torchlet/tensor';

/** y = x W^T + b, with x of shape [..., in] and W of shape [out, in]. */
export function linear(x: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  assertTensor(x, 'the input', 'linear');
  assertTensor(weight, 'the weight', 'linear');
  const inF = weight.shape[1];
  if (weight.ndim !== 2 || x.shape[x.ndim - 1] !== inF) {
    throw new ShapeError(
      `input of shape ${shapeStr(x.shape)} does not fit a weight of shape ${shapeStr(weight.shape)}: the last input dim must be in_features = ${inF}. ` +
        'Flatten the input first, e.g. x.view(-1, in_features)',
      'linear',
    );
  }
  const wt = weight.t();
  const y = x.matmul(wt);
  wt.dispose();
  if (!bias) return y;
  const out = y.add(bias);
  // autograd keeps its own handles on what backward needs
  y.dispose();
  return out;
}
