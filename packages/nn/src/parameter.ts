import { Tensor } from '@torchlet/tensor';
import { storageOf } from '@torchlet/tensor/internal';

/**
 * A tensor that is a module's learnable weight (nn.Parameter): assigning one to a Module
 * property registers it. It shares storage with the tensor it wraps and requires grad.
 */
export class Parameter extends Tensor {
  constructor(data: Tensor, requiresGrad = true) {
    const d = data.detach();
    super(storageOf(d), d.shape, d.strides, d.offset, d.dtype);
    if (requiresGrad) this.requiresGrad_(true);
  }
  /** `Parameter containing:` followed by the tensor, as PyTorch prints one. */
  override toString(): string {
    return `Parameter containing:\n${super.toString()}`;
  }
}

/** Whether `x` is a {@link Parameter} (what a Module registers as a learnable weight). */
export function isParameter(x: unknown): x is Parameter {
  return x instanceof Parameter;
}
