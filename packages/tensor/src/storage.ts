import type { Backend, DataId } from './backend.js';
import type { DType } from './dtype.js';
import { bytesPerElement } from './dtype.js';

/**
 * One allocation on a backend, shared by every view of it. Reference counted by the tensors
 * that use it; `version` counts in-place writes so autograd can detect them.
 */
export class Storage {
  refs = 0;
  version = 0;
  freed = false;
  constructor(
    readonly backend: Backend,
    readonly dataId: DataId,
    readonly dtype: DType,
    readonly numel: number,
  ) {
    // storage the garbage collector does not own is freed when the last tensor using it is
    // collected; the registry holds a token that does not reach the data
    if (!backend.gcManaged && finalizer) finalizer.register(this, { backend, token: backend.finalizerToken?.(dataId) ?? dataId }, this);
  }
  get nbytes(): number {
    return this.numel * bytesPerElement(this.dtype);
  }
  retain(): void {
    this.refs++;
  }
  release(): void {
    if (--this.refs <= 0 && !this.freed) {
      this.freed = true;
      if (!this.backend.gcManaged) finalizer?.unregister(this);
      this.backend.free(this.dataId);
    }
  }
}

interface Collected {
  backend: Backend;
  token: object;
}

/** Frees the storage of tensors the program dropped without calling dispose(). */
const finalizer: FinalizationRegistry<Collected> | undefined =
  typeof FinalizationRegistry === 'undefined'
    ? undefined
    : new FinalizationRegistry<Collected>(({ backend, token }) => (backend.finalize ? backend.finalize(token) : backend.free(token as DataId)));
