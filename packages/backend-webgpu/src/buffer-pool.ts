/// <reference types="@webgpu/types" />
import { BackendError } from '@torchlet/tensor/backend';

/** Round a byte size up to its pool bucket: powers of two up to 4 KiB, then quarter steps (<= 25% slack). */
export function bucketSize(bytes: number): number {
  const b = Math.max(16, Math.ceil(bytes / 4) * 4);
  if (b <= 4096) return 1 << (32 - Math.clz32(b - 1));
  const step = 2 ** (Math.floor(Math.log2(b)) - 2);
  return Math.ceil(b / step) * step;
}

/** Counters of the GPU buffer pool (see `WebGPUBackend.memory()`). */
export interface PoolStats {
  /** buffers waiting in the pool for reuse, and their bytes */
  pooledBuffers: number;
  /** Bytes of the pooled buffers. */
  pooledBytes: number;
  /** every GPU buffer this pool created and has not destroyed (in use or pooled), and their bytes */
  gpuBuffers: number;
  /** Bytes of every buffer the pool created and has not destroyed. */
  gpuBytes: number;
  /** acquisitions served from the pool / by creating a buffer */
  poolHits: number;
  /** Acquisitions that had to create a buffer. */
  poolMisses: number;
}

/**
 * GPU buffers bucketed by size and usage. A released buffer waits for the next acquire of the
 * same bucket; the backend releases a buffer only once the commands that use it were submitted,
 * so queue order makes reuse safe without waiting for the GPU.
 */
/** Buffers from this size on are created inside error scopes of their own, so that a failure names its size. */
const WATCHED_BYTES = 64 * 1024 * 1024;

export class BufferPool {
  /** told about a failed creation of a large buffer (the backend's DeviceErrors) */
  onAllocationError?: (failure: Promise<GPUError | null>, bytes: number, limit: number, label: string) => void;
  /** released buffers by size * 1024 + usage (usage flags take 10 bits) */
  private free = new Map<number, GPUBuffer[]>();
  /**
   * released while commands still being recorded use them (same keys): only an allocation that
   * later commands write first may take one (queue.writeBuffer would run before those commands);
   * the rest join `free` at `settle()`, after the submit
   */
  private recorded = new Map<number, GPUBuffer[]>();
  private stats: PoolStats = { pooledBuffers: 0, pooledBytes: 0, gpuBuffers: 0, gpuBytes: 0, poolHits: 0, poolMisses: 0 };
  constructor(
    private readonly device: GPUDevice,
    /** pooled bytes beyond this are destroyed instead of kept */
    private readonly maxPooledBytes: number,
    /** called when a buffer is destroyed (bind groups that use it must go) */
    private readonly onDestroy: () => void = () => {},
  ) {}

  /**
   * A buffer of at least `bytes` with exactly `usage`; `fresh` buffers are zero-filled by WebGPU.
   * With `afterCommands` (the caller's first write into it is a command recorded after those of
   * the open batch) a buffer released during the open batch may be reused: `recorded` says so.
   */
  acquire(bytes: number, usage: number, label: string, afterCommands = false): { buffer: GPUBuffer; fresh: boolean; recorded?: boolean } {
    // the bucket's slack must not push a buffer near the device limit over it
    const limit = this.device.limits.maxBufferSize;
    if (bytes > limit) {
      throw new BackendError(
        `cannot allocate ${bytes} bytes (${(bytes / 2 ** 20).toFixed(1)} MiB): this device's limit is ${limit} bytes (maxBufferSize, ${(limit / 2 ** 20).toFixed(1)} MiB); split the tensor or use the cpu backend`,
        label.replace(/^torchlet:/, ''),
      );
    }
    const size = Math.min(bucketSize(bytes), Math.floor(limit / 4) * 4);
    if (afterCommands) {
      const again = this.recorded.get(size * 1024 + usage)?.pop();
      if (again) {
        this.stats.poolHits++;
        return { buffer: again, fresh: false, recorded: true };
      }
    }
    const list = this.free.get(size * 1024 + usage);
    const reused = list?.pop();
    if (reused) {
      this.stats.poolHits++;
      this.stats.pooledBuffers--;
      this.stats.pooledBytes -= size;
      return { buffer: reused, fresh: false };
    }
    this.stats.poolMisses++;
    const watch = size >= WATCHED_BYTES && this.onAllocationError;
    if (watch) {
      this.device.pushErrorScope('out-of-memory');
      this.device.pushErrorScope('validation');
    }
    const buffer = this.device.createBuffer({ size, usage, label });
    if (watch) {
      const validation = this.device.popErrorScope();
      const oom = this.device.popErrorScope();
      watch(
        Promise.all([validation, oom]).then(
          ([v, o]) => o ?? v,
          () => null,
        ),
        bytes,
        limit,
        label,
      );
    }
    this.stats.gpuBuffers++;
    this.stats.gpuBytes += size;
    return { buffer, fresh: true };
  }

  /** Give a buffer back (after the commands using it were submitted). */
  release(buffer: GPUBuffer): void {
    const size = buffer.size;
    if (this.stats.pooledBytes + size > this.maxPooledBytes) {
      this.destroy(buffer);
      return;
    }
    listOf(this.free, buffer).push(buffer);
    this.stats.pooledBuffers++;
    this.stats.pooledBytes += size;
  }

  /** Give back a buffer that commands of the open batch use (see `acquire`'s `afterCommands`). */
  releaseRecorded(buffer: GPUBuffer): void {
    listOf(this.recorded, buffer).push(buffer);
  }

  /** The open batch was submitted: its released buffers join the pool. */
  settle(): void {
    for (const list of this.recorded.values()) {
      for (const b of list) this.release(b);
      list.length = 0;
    }
  }

  /** Destroy a buffer that is not pooled. */
  destroy(buffer: GPUBuffer): void {
    this.stats.gpuBuffers--;
    this.stats.gpuBytes -= buffer.size;
    buffer.destroy();
    this.onDestroy();
  }

  /** Destroy every pooled buffer. */
  clear(): void {
    this.settle();
    for (const list of this.free.values()) for (const b of list) this.destroy(b);
    this.free.clear();
    this.stats.pooledBuffers = 0;
    this.stats.pooledBytes = 0;
  }

  snapshot(): PoolStats {
    return { ...this.stats };
  }
}

/** The list of `buffer`'s bucket (size * 1024 + usage) in `lists`, made when missing. */
function listOf(lists: Map<number, GPUBuffer[]>, buffer: GPUBuffer): GPUBuffer[] {
  const key = buffer.size * 1024 + buffer.usage;
  let list = lists.get(key);
  if (!list) {
    list = [];
    lists.set(key, list);
  }
  return list;
}
