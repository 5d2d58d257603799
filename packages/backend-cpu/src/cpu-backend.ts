import type { Backend, DataId, DType, MemoryInfo, TypedArray } from '@torchlet/tensor';
import { allocTyped, BackendError } from '@torchlet/tensor';

/** A CPU allocation: just the typed array. */
export interface CpuData {
  /** The values, in the tensor's dtype. */
  data: TypedArray;
}

/** Host memory backend. Tensors made with fromTypedArray share the caller's array. */
export class CpuBackend implements Backend {
  /** The name the backend is registered under ('cpu', 'cpu-js'). */
  readonly name: string;
  /** arrays are freed by the garbage collector; the backend only keeps the books */
  readonly gcManaged = true;
  private bytes = 0;
  private buffers = 0;
  /** holds only byte counts, so it never keeps an array alive */
  private readonly collected =
    typeof FinalizationRegistry === 'undefined'
      ? undefined
      : new FinalizationRegistry<number>((n) => {
          this.bytes -= n;
          this.buffers--;
        });
  constructor(name = 'cpu') {
    this.name = name;
  }
  private track(d: CpuData): CpuData {
    this.bytes += d.data.byteLength;
    this.buffers++;
    this.collected?.register(d, d.data.byteLength, d);
    return d;
  }
  allocate(numel: number, dtype: DType): DataId {
    return this.track({ data: allocTyped(dtype, numel) });
  }
  fromTypedArray(data: TypedArray, _dtype: DType): DataId {
    return this.track({ data });
  }
  write(dataId: DataId, data: TypedArray): void {
    const d = (dataId as CpuData).data;
    if (d.length !== data.length) throw new BackendError(`write of ${data.length} elements into an allocation of ${d.length}`, 'write');
    d.set(data);
  }
  async read(dataId: DataId, dtype: DType): Promise<TypedArray> {
    return this.readSync(dataId, dtype);
  }
  readSync(dataId: DataId, _dtype: DType): TypedArray {
    return (dataId as CpuData).data;
  }
  free(dataId: DataId): void {
    const d = dataId as CpuData;
    if (this.collected && !this.collected.unregister(d)) return; // already counted as collected
    this.bytes -= d.data.byteLength;
    this.buffers--;
  }
  /** Bytes and number of the typed arrays live tensors hold. */
  memory(): MemoryInfo {
    return { numBytes: this.bytes, numBuffers: this.buffers };
  }
}

/** The typed array behind a kernel input or allocation. */
export function arr(dataId: DataId): TypedArray {
  return (dataId as CpuData).data;
}

/** A kernel's output being written: zero-filled elements, and where they live. */
export interface Output {
  data: TypedArray;
  /** set when `data` already is the backend's storage; otherwise `done` hands the array over */
  dataId?: DataId;
}

/** Backends that can give a kernel its output in their own storage (the WebAssembly engine). */
interface OutputBackend extends Backend {
  output?(numel: number, dtype: DType): Output | null;
}

/**
 * A zero-filled output of `n` elements: in the backend's own storage when it can provide one
 * without moving memory the kernel may already be reading, else a fresh typed array that
 * `done` hands over.
 */
export function output(backend: Backend, dtype: DType, n: number): Output {
  return (backend as OutputBackend).output?.(n, dtype) ?? { data: allocTyped(dtype, n) };
}

/** The kernel result for a finished output. */
export function done(backend: Backend, o: Output, shape: readonly number[], dtype: DType) {
  return o.dataId ? { dataId: o.dataId, shape, dtype } : result(backend, o.data, shape, dtype);
}

/** Wrap a freshly computed typed array as a kernel result. */
export function result(backend: Backend, data: TypedArray, shape: readonly number[], dtype: DType) {
  return { dataId: backend.adopt ? backend.adopt(data, dtype) : backend.fromTypedArray(data, dtype), shape, dtype };
}
