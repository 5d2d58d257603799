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
  ) {}
  get nbytes(): number {
    return this.numel * bytesPerElement(this.dtype);
  }
  retain(): void {
    this.refs++;
  }
  release(): void {
    if (--this.refs <= 0 && !this.freed) {
      this.freed = true;
      this.backend.free(this.dataId);
    }
  }
}

/** Frees the storage of tensors the program dropped without calling dispose(). */
export const finalizer: FinalizationRegistry<Storage> | undefined =
  typeof FinalizationRegistry === 'undefined' ? undefined : new FinalizationRegistry<Storage>((s) => s.release());
