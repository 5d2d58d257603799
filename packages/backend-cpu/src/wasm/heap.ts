import { BackendError } from '@torchlet/tensor/backend';

const PAGE = 65536;
/** 4 GiB, the wasm32 limit */
const MAX_PAGES = 65536;

/**
 * Size class of an allocation: multiples of 16 bytes up to 128, then four classes per power of
 * two (at most 25% waste), eight from 64 KiB (at most 12.5%). Blocks of one class are reused
 * exactly, so a training loop that allocates the same shapes every step stops touching fresh
 * memory after its first step.
 */
export function sizeClass(bytes: number): number {
  if (bytes <= 128) return Math.max(16, (bytes + 15) & ~15);
  const p = 2 ** Math.floor(Math.log2(bytes));
  const step = p / (p >= 65536 ? 8 : 4);
  return Math.ceil(bytes / step) * step;
}

/** Blocks of at least this size start on a cache line. */
const LINE = 64;

/**
 * WebAssembly linear memory with a size-class allocator. With `shared`, the memory is a
 * SharedArrayBuffer: growing it never invalidates views made earlier, and worker threads can
 * run kernels on it. Without it (browsers that are not cross-origin isolated), views are
 * re-made after growth: `buffer` is always current.
 */
export class WasmHeap {
  readonly memory: WebAssembly.Memory;
  readonly shared: boolean;
  buffer: ArrayBuffer | SharedArrayBuffer;
  /** first free byte above every block ever handed out */
  private top: number;
  private readonly free = new Map<number, number[]>();
  /** bytes in blocks handed out and not released */
  liveBytes = 0;
  liveBlocks = 0;
  /** bytes sitting in free lists, ready for reuse */
  cachedBytes = 0;

  constructor(options: { shared?: boolean; initialBytes?: number; reserveBytes?: number } = {}) {
    const initial = Math.ceil((options.initialBytes ?? 16 * 2 ** 20) / PAGE);
    this.shared = options.shared ?? false;
    this.memory = this.shared ? new WebAssembly.Memory({ initial, maximum: MAX_PAGES, shared: true }) : new WebAssembly.Memory({ initial });
    this.buffer = this.memory.buffer;
    // the first bytes stay unused so that no block sits at address 0
    this.top = options.reserveBytes ?? LINE;
  }

  get sizeBytes(): number {
    return this.buffer.byteLength;
  }

  /** Whether `alloc(bytes)` can be served without growing the memory. */
  fits(bytes: number): boolean {
    const size = sizeClass(bytes);
    if (this.free.get(size)?.length) return true;
    const align = size >= 256 ? LINE : 16;
    return ((this.top + align - 1) & ~(align - 1)) + size <= this.buffer.byteLength;
  }

  /** A block of at least `bytes` bytes (16-byte aligned, 64 for large blocks). */
  alloc(bytes: number): { ptr: number; size: number } {
    const size = sizeClass(bytes);
    const list = this.free.get(size);
    let ptr: number;
    if (list?.length) {
      ptr = list.pop()!;
      this.cachedBytes -= size;
    } else {
      const align = size >= 256 ? LINE : 16;
      ptr = (this.top + align - 1) & ~(align - 1);
      if (ptr + size > this.buffer.byteLength) this.grow(ptr + size);
      this.top = ptr + size;
    }
    this.liveBytes += size;
    this.liveBlocks++;
    return { ptr, size };
  }

  release(ptr: number, size: number): void {
    let list = this.free.get(size);
    if (!list) {
      list = [];
      this.free.set(size, list);
    }
    list.push(ptr);
    this.liveBytes -= size;
    this.liveBlocks--;
    this.cachedBytes += size;
  }

  private grow(needed: number): void {
    const have = this.buffer.byteLength;
    // grow by at least a quarter so that a growing workload does not grow page by page
    const want = Math.max(needed, Math.min(have + have / 4, MAX_PAGES * PAGE));
    const pages = Math.ceil((want - have) / PAGE);
    try {
      this.memory.grow(pages);
    } catch {
      const minimal = Math.ceil((needed - have) / PAGE);
      try {
        this.memory.grow(minimal);
      } catch (err) {
        throw new BackendError(
          `out of WebAssembly memory: an allocation needs ${((needed - have) / 2 ** 20).toFixed(1)} MiB more than the ${(have / 2 ** 20).toFixed(0)} MiB in use ` +
            `(${(err as Error).message}). Free tensors with dispose() or a scope, or use smaller batches`,
          'allocate',
        );
      }
    }
    this.buffer = this.memory.buffer;
  }
}
