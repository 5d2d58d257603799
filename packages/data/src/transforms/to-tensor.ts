import { DTypeError, isTensor, ShapeError, ValueError, type Tensor } from '@torchlet/tensor';
import { withSpec, type Transform } from './transform.js';

/**
 * torchvision's ToTensor: an image tensor [H, W] or [H, W, C] becomes [C, H, W] (a gray image
 * [1, H, W]); uint8 pixels become float32 in [0, 1] (divided by 255), other dtypes keep their
 * values and dtype.
 */
export function toTensor(): Transform<Tensor, Tensor> {
  return withSpec(
    (img: Tensor): Tensor => {
      if (!isTensor(img))
        throw new ValueError(`toTensor takes an image tensor of shape [H, W] or [H, W, C], got ${typeof img}`, 'toTensor');
      if (img.dtype === 'bool')
        throw new DTypeError('toTensor takes uint8, int32 or float images, got a bool tensor; convert it with .byte() first', 'toTensor');
      let chw: Tensor;
      if (img.ndim === 2) chw = img.unsqueeze(0);
      else if (img.ndim === 3) chw = img.permute(2, 0, 1);
      else
        throw new ShapeError(
          `toTensor takes an image of shape [H, W] or [H, W, C], got ${img.ndim} dims [${img.shape.join(', ')}]`,
          'toTensor',
        );
      return img.dtype === 'uint8' ? chw.float().div(255) : chw.contiguous();
    },
    { kind: 'toTensor' },
  );
}
