import type { Tensor } from './tensor.js';

/**
 * The constructor arguments of a tensor (storage, shape, strides, offset, dtype), for a subclass
 * that wraps an existing tensor's storage without copying (nn.Parameter). The new tensor holds its
 * own reference on the storage.
 */
export function tensorParts(t: Tensor): ConstructorParameters<typeof Tensor> {
  return [t._storage, t.shape, t.strides, t.offset, t.dtype];
}
