import type { Tensor } from '@torchlet/tensor';
import { ShapeError, avgPool2d, conv2d, maxPool2d, shapeStr, stack } from '@torchlet/tensor';

export { conv2d, maxPool2d, avgPool2d };

/** Average over adaptive windows so the output has the requested size. */
export function adaptiveAvgPool2d(x: Tensor, outputSize: number | [number | null, number | null]): Tensor {
  if (x.ndim !== 3 && x.ndim !== 4)
    throw new ShapeError(`expected a 3-D or 4-D input, got shape ${shapeStr(x.shape)}`, 'adaptiveAvgPool2d');
  const [H, W] = x.shape.slice(-2) as [number, number];
  const [oh, ow] = typeof outputSize === 'number' ? [outputSize, outputSize] : [outputSize[0] ?? H, outputSize[1] ?? W];
  if (H % oh === 0 && W % ow === 0) return avgPool2d(x, [H / oh, W / ow]);
  const rows: Tensor[] = [];
  for (let i = 0; i < oh; i++) {
    const h0 = Math.floor((i * H) / oh);
    const h1 = Math.ceil(((i + 1) * H) / oh);
    const cols: Tensor[] = [];
    for (let j = 0; j < ow; j++) {
      const w0 = Math.floor((j * W) / ow);
      const w1 = Math.ceil(((j + 1) * W) / ow);
      cols.push(
        x
          .narrow(-2, h0, h1 - h0)
          .narrow(-1, w0, w1 - w0)
          .mean([-2, -1]),
      );
    }
    rows.push(stack(cols, -1));
  }
  return stack(rows, -2);
}
