import { DTypeError, fromTypedArray, isTensor, ShapeError, ValueError, type Tensor } from '@torchlet/tensor';
import { withSpec, type Transform } from './transform.js';

function channelValues(v: number | readonly number[], what: string): number[] {
  const arr = typeof v === 'number' ? [v] : Array.isArray(v) ? [...v] : null;
  if (!arr || arr.length === 0 || arr.some((x) => typeof x !== 'number' || !Number.isFinite(x))) {
    throw new ValueError(
      `${what} must be a finite number or a non-empty array of finite numbers (one per channel), got ${JSON.stringify(v)}`,
      'normalize',
    );
  }
  return arr;
}

/**
 * torchvision's Normalize: `(x - mean[c]) / std[c]` for each channel c of a float image
 * [..., C, H, W]. A single number applies to every channel.
 */
export function normalize(mean: number | readonly number[], std: number | readonly number[]): Transform<Tensor, Tensor> {
  const m = channelValues(mean, 'mean');
  const s = channelValues(std, 'std');
  if (s.some((x) => Math.fround(x) === 0))
    throw new ValueError(
      `std evaluated to zero after conversion to float32 (std = ${JSON.stringify(std)}), leading to division by zero`,
      'normalize',
    );
  if (m.length !== s.length && m.length !== 1 && s.length !== 1) {
    throw new ValueError(`mean has ${m.length} values but std has ${s.length}; give one per channel (or a single number)`, 'normalize');
  }
  const channels = Math.max(m.length, s.length);
  const consts = new Map<string, [Tensor, Tensor]>();
  return withSpec(
    (img: Tensor): Tensor => {
      if (!isTensor(img)) throw new ValueError(`normalize takes an image tensor, got ${typeof img}`, 'normalize');
      if (img.dtype !== 'float32' && img.dtype !== 'float64') {
        throw new DTypeError(
          `input should be a float tensor, got ${img.dtype}; put toTensor() before normalize() in compose([...])`,
          'normalize',
        );
      }
      if (img.ndim < 3)
        throw new ShapeError(
          `expected an image of shape [..., C, H, W], got [${img.shape.join(', ')}]; put toTensor() first to add the channel dim`,
          'normalize',
        );
      const c = img.shape[img.ndim - 3]!;
      if (channels !== 1 && channels !== c) {
        throw new ShapeError(
          `the image has ${c} channels but mean/std give ${channels} values; give one value per channel or a single number`,
          'normalize',
        );
      }
      let k = consts.get(img.device);
      if (!k) {
        const n = channels;
        const fill = (vals: number[]) => Float32Array.from({ length: n }, (_, i) => (vals.length === 1 ? vals[0]! : vals[i]!));
        k = [fromTypedArray(fill(m), [n, 1, 1], { device: img.device }), fromTypedArray(fill(s), [n, 1, 1], { device: img.device })];
        consts.set(img.device, k);
      }
      return img.sub(k[0]).div(k[1]);
    },
    { kind: 'normalize', mean: Object.freeze(m), std: Object.freeze(s) },
  );
}
