import type { DType, TypedArray } from './dtype.js';
import type { Shape } from './shape.js';

/** Opaque handle a backend gives for one allocation. */
export type DataId = object;

/** What a kernel sees of an input: its storage plus a strided view on it. */
export interface TensorInfo {
  /** The allocation the view reads. */
  readonly dataId: DataId;
  /** The view's shape. */
  readonly shape: Shape;
  /** Element strides of the view (0 along broadcast dimensions). */
  readonly strides: readonly number[];
  /** Element offset of the view's first element in the allocation. */
  readonly offset: number;
  /** The element type. */
  readonly dtype: DType;
}

/** What a kernel returns: a fresh contiguous allocation. */
export interface KernelResult {
  /** The new allocation (row-major, offset 0). */
  readonly dataId: DataId;
  /** The result's shape. */
  readonly shape: Shape;
  /** The result's element type. */
  readonly dtype: DType;
}

/** A backend's memory use, as `memory()` reports it (for leak checks and profiling). */
export interface MemoryInfo {
  /** bytes held by live allocations */
  numBytes: number;
  /** live allocations */
  numBuffers: number;
  /** anything backend-specific (pool sizes, pending submits...) */
  [key: string]: number | string | boolean;
}

/**
 * The storage half of the backend contract. Compute lives in kernels registered per op name
 * (see `registerKernel`).
 */
export interface Backend {
  /** The name it is registered under ('cpu', 'webgpu', ...): tensors' `device`. */
  readonly name: string;
  /**
   * Allocations are plain garbage-collected JS memory that the backend accounts for itself
   * (the CPU backend): tensors then skip the FinalizationRegistry, which would keep dropped
   * arrays alive until its callback runs.
   */
  readonly gcManaged?: boolean;
  /** A zero-filled allocation of `numel` elements. */
  allocate(numel: number, dtype: DType): DataId;
  /**
   * Wrap host data. Backends that live in host memory should keep the array itself (zero-copy,
   * as torch.from_numpy); others copy it.
   */
  fromTypedArray(data: TypedArray, dtype: DType): DataId;
  /**
   * Take a freshly made array that nobody else holds (creation ops, transfers). Backends whose
   * storage is not the JS heap copy it; the default is `fromTypedArray`.
   */
  adopt?(data: TypedArray, dtype: DType): DataId;
  /** Overwrite a whole allocation with host data of the same length. */
  write(dataId: DataId, data: TypedArray): void;
  /** Read a whole allocation back (the stored typed array or a copy of it). */
  read(dataId: DataId, dtype: DType): Promise<TypedArray>;
  /** Blocking read, only on backends that can do it (CPU). */
  readSync?(dataId: DataId, dtype: DType): TypedArray;
  /** Release an allocation. Must be safe to call once per DataId. */
  free(dataId: DataId): void;
  /**
   * What the finalization registry holds to free a storage nobody disposed: it must not
   * reference data the garbage collector should be able to reclaim (default: the DataId), or
   * null when the garbage collector frees this storage by itself. `finalize(token)` then frees
   * it; without these two, `free(dataId)` is called.
   */
  finalizerToken?(dataId: DataId): object | null;
  /** Free the storage behind a token from `finalizerToken` (called by the finalization registry). */
  finalize?(token: object): void;
  /** The bytes and allocations held now. */
  memory(): MemoryInfo;
  /** Submit pending work (GPU backends batch commands). */
  flush?(): void;
  /** Resolve when all submitted work has finished. */
  sync?(): Promise<void>;
  /** Release the backend's device resources (called by `removeBackend`). */
  dispose?(): void;
}
