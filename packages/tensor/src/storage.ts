import type { Backend, DataId } from './backend.js';
import type { DType } from './dtype.js';
import { bytesPerElement } from './dtype.js';

/**
 * One allocation on a backend, shared by every view of it. Reference counted by the tensors
 * that use it; `version` counts in-place writes so autograd can detect them.
 */
export class Storage {
  /** How many tensors use this storage; it is freed when the count drops to 0. */
  refs = 0;
  /** Counts in-place writes, so autograd can tell when a saved tensor was modified. */
  version = 0;
  /** True once the backend memory has been released. */
  freed = false;
  /** known to the finalization registry (see `watch`) */
  private watched = false;
  constructor(
    /** The backend that owns the memory. */
    readonly backend: Backend,
    /** The backend's handle of the memory. */
    readonly dataId: DataId,
    /** Element type of the data. */
    readonly dtype: DType,
    /** Number of elements allocated. */
    readonly numel: number,
  ) {
    if (!backend.gcManaged && finalizer) watchLater(this);
  }
  /** Size of the allocation in bytes. */
  get nbytes(): number {
    return this.numel * bytesPerElement(this.dtype);
  }
  /** Count one more tensor using this storage. */
  retain(): void {
    this.refs++;
  }
  /** Count one tensor less; frees the backend memory when none is left. */
  release(): void {
    if (--this.refs <= 0 && !this.freed) {
      this.freed = true;
      if (this.watched) finalizer!.unregister(this);
      this.backend.free(this.dataId);
    }
  }
  /**
   * @internal storage the garbage collector does not own is freed when the last tensor using
   * it is collected; the registry holds a token that does not reach the data
   */
  watch(): void {
    if (this.freed || this.watched) return;
    const token = this.backend.finalizerToken ? this.backend.finalizerToken(this.dataId) : this.dataId;
    if (token === null) return;
    this.watched = true;
    finalizer!.register(this, { backend: this.backend, token }, this);
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
    : new FinalizationRegistry<Collected>(({ backend, token }) =>
        backend.finalize ? backend.finalize(token) : backend.free(token as DataId),
      );

/**
 * Registering with the finalization registry costs more than a small kernel, and most
 * storages are disposed within a few ops (scopes, autograd's gradients, Module temporaries).
 * New storages wait in a short queue and only those still alive when it is flushed (every few
 * hundred allocations, or after the current job) are registered.
 */
const pending: Storage[] = [];
let flushQueued = false;
const FLUSH_AT = 256;

function watchLater(s: Storage): void {
  pending.push(s);
  if (pending.length >= FLUSH_AT) flushWatches();
  else if (!flushQueued) {
    flushQueued = true;
    queueMicrotask(flushWatches);
  }
}

function flushWatches(): void {
  for (const s of pending) s.watch();
  pending.length = 0;
  flushQueued = false;
}
