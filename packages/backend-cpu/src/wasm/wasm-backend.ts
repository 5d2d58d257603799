import type { Backend, DataId, DType, MemoryInfo, TypedArray } from '@torchlet/tensor';
import { allocTyped, BackendError, bytesPerElement, typedArrayCtor } from '@torchlet/tensor';
import { detectFeatures, WasmRuntime, type RuntimeOptions } from './runtime.js';
import { defaultThreads, ThreadPool } from './threads.js';

const SLAB = 4 * 2 ** 20;
/** at most this many bytes of disposed small arrays wait for reuse */
const RECYCLE_BYTES = 4 * 2 ** 20;
/** and at most this many arrays of one dtype and length */
const RECYCLE_PER_SIZE = 64;

/** An ArrayBuffer of n bytes, not zero-filled where the platform allows (Node's Buffer). */
function rawBuffer(n: number): ArrayBuffer {
  const B = (globalThis as { Buffer?: { allocUnsafeSlow(n: number): Uint8Array } }).Buffer;
  return B ? (B.allocUnsafeSlow(n).buffer as ArrayBuffer) : new ArrayBuffer(n);
}

/**
 * Below this many flops a kernel stays on the calling thread (waking a worker costs ~20 us).
 * Measured with `pnpm --filter @torchlet/bench bench --only=threshold`: see the backend's README.
 */
export const PARALLEL_FLOPS = 4e6;

/**
 * Where a storage's bytes are. This is all the finalizer holds, so it never keeps a spilled
 * copy (which lives on `WasmData`) alive.
 */
export class Handle {
  ptr = 0;
  size = 0;
  resident = false;
  /** backend clock at the last kernel that touched it */
  lastUse = 0;
  /** bytes of a spilled copy, for the books */
  spilledBytes = 0;
  /** neighbours in the backend's list of resident storages */
  prev: Handle | null = null;
  next: Handle | null = null;
  /** the storage, while resident (a spilled one is reachable only from its tensors) */
  data: WasmData | null = null;
  /** a small kernel output still in the kernel's scratch memory */
  scratch = false;
}

/**
 * One allocation of the WebAssembly CPU backend. It is resident in WebAssembly memory, or
 * external: an array the user shared with `fromTypedArray` (kept zero-copy), or a copy spilled
 * out of WebAssembly memory to the JavaScript heap (see `WasmCpuBackend.spill`).
 */
export class WasmData {
  readonly h = new Handle();
  ext: TypedArray | null = null;
  private view: TypedArray | null = null;
  private viewBuffer: ArrayBufferLike | null = null;
  constructor(
    private readonly backend: WasmCpuBackend,
    readonly numel: number,
    readonly dtype: DType,
    /** a user's array shared by fromTypedArray: never moved into WebAssembly memory */
    readonly userOwned = false,
  ) {}
  get nbytes(): number {
    return this.numel * bytesPerElement(this.dtype);
  }
  /** The elements as a typed array (a view of WebAssembly memory when resident). */
  get data(): TypedArray {
    this.h.lastUse = this.backend.clock;
    if (this.ext) return this.ext;
    const buf = this.backend.heap.buffer;
    if (this.view === null || this.viewBuffer !== buf) {
      this.view = new (typedArrayCtor(this.dtype))(buf as ArrayBuffer, this.h.ptr, this.numel);
      this.viewBuffer = buf;
    }
    return this.view;
  }
  dropView(): void {
    this.view = null;
    this.viewBuffer = null;
  }
}

/** Options of the WebAssembly CPU engine (also accepted by {@link registerCpuBackend}). */
export interface WasmBackendOptions extends RuntimeOptions {
  /**
   * Tensors up to this many bytes live in plain JavaScript arrays that the garbage collector
   * frees on its own (kernels copy them in and out: cheap at this size); larger ones live in
   * WebAssembly memory, where kernels work in place (default 64 KiB).
   */
  smallTensorBytes?: number;
  /**
   * Threads for large kernels (gemm, convolution): worker threads over shared WebAssembly
   * memory. Default: the machine's cores (at most 8) where shared memory exists (Node, and
   * cross-origin isolated pages); 1 elsewhere. Work below a measured size stays on the calling
   * thread.
   */
  threads?: number;
  /**
   * Work (in floating-point operations) below which a kernel stays on the calling thread
   * (default: PARALLEL_FLOPS, measured on a 2-core machine). A tuning knob for other machines.
   */
  parallelFlops?: number;
  /**
   * A testing aid: fill every fresh WebAssembly kernel output with all-ones bytes (NaN as
   * float32, -1 as int32) before the kernel runs, so a kernel that leaves part of its output
   * unwritten fails its tests instead of passing on a reused block's old values. Off by default.
   */
  poisonOutputs?: boolean;
  /**
   * Bytes of WebAssembly memory that live tensors may hold before the least recently used ones
   * are spilled to the JavaScript heap (default 64 MiB; it doubles when the working set is
   * larger). Tensors a program drops without dispose() are freed by the garbage collector's
   * finalizers, which never run inside a synchronous loop: spilling keeps such loops bounded.
   */
  memoryBudget?: number;
}

/**
 * The CPU backend's storage in WebAssembly memory: kernels read and write it in place, with no
 * copies in or out. Allocations come from a size-class allocator and are freed as soon as the
 * last tensor using them is disposed (or finalized).
 */
export class WasmCpuBackend implements Backend {
  /** The name the backend is registered under ('cpu'). */
  readonly name: string;
  /** The WebAssembly runtime: memory, compiled kernels and the features found. */
  readonly rt: WasmRuntime;
  /** counts kernel touches; `Handle.lastUse` is a reading of it */
  clock = 0;
  private budget: number;
  /** resident storages, a doubly linked list through their handles (for spilling) */
  private residents: Handle | null = null;
  private externalBytes = 0;
  /** bytes of the tensors resident in WebAssembly memory (without size-class rounding) */
  private tensorBytes = 0;
  private externalCount = 0;
  private spills = 0;
  /** bytes copied back into WebAssembly memory since the last spill */
  private reloadedBytes = 0;

  /** the requested thread count; the pool starts with the first kernel big enough to share */
  readonly threads: number;
  /** see WasmBackendOptions.parallelFlops */
  readonly parallelFlops: number;
  /** see WasmBackendOptions.poisonOutputs */
  private readonly poison: boolean;
  private pool: ThreadPool | null = null;
  /** see WasmBackendOptions.smallTensorBytes */
  readonly smallBytes: number;
  /** small outputs of the running kernel, written in scratch memory, moved out by endKernel */
  private readonly pendingSmall: WasmData[] = [];
  /**
   * Arrays of small storages that were disposed (so nothing holds them), by dtype and length,
   * reused for new small storages instead of allocating; garbage collected ones never come back.
   */
  private readonly recycled = new Map<string, TypedArray[]>();
  private recycledBytes = 0;

  constructor(name = 'cpu', options: WasmBackendOptions = {}) {
    this.name = name;
    const features = detectFeatures();
    const threads = Math.max(1, Math.floor(options.threads ?? (features.sharedMemory ? defaultThreads() : 1)));
    // threads need shared memory; one thread is faster without it (typed-array copies into
    // shared memory take a slow path)
    this.rt = new WasmRuntime({ ...options, sharedMemory: options.sharedMemory ?? threads > 1 });
    this.threads = this.rt.heap.shared ? threads : 1;
    this.parallelFlops = options.parallelFlops ?? PARALLEL_FLOPS;
    this.poison = options.poisonOutputs === true;
    this.budget = options.memoryBudget ?? 64 * 2 ** 20;
    this.smallBytes = options.smallTensorBytes ?? 64 * 1024;
  }

  /** Whether a storage of this size lives on the JavaScript heap. */
  isSmall(numel: number, dtype: DType): boolean {
    return numel * bytesPerElement(dtype) <= this.smallBytes;
  }

  /**
   * The threads to split work of `flops` floating-point operations over `parts` independent
   * parts: 1 below the size where handing work to workers pays off, or while they start.
   */
  threadsFor(flops: number, parts: number): number {
    if (this.threads < 2 || parts < 2 || flops < this.parallelFlops) return 1;
    this.pool ??= new ThreadPool(this.rt, this.threads);
    return Math.min(this.pool.available, parts, Math.ceil(flops / Math.max(1, this.parallelFlops)));
  }

  /** Run a job on `argLists.length` threads (see ThreadPool.run); one list runs here directly. */
  parallel(key: string, fn: string, argLists: number[][], local: (...args: number[]) => void): void {
    if (argLists.length === 1 || !this.pool) local(...argLists[0]!);
    else this.pool.run(key, fn, argLists, local);
  }

  /** Stop the worker threads and release the WebAssembly memory; the backend is unusable afterwards. */
  dispose(): void {
    this.pool?.dispose();
    this.pool = null;
  }
  /** The WebAssembly memory allocator. */
  get heap() {
    return this.rt.heap;
  }

  // ---- allocation -------------------------------------------------------------------------
  /**
   * A WebAssembly kernel's output, whose contents are undefined (the kernel overwrites them).
   * A small one is written in scratch memory and moved to a JavaScript array when the kernel
   * ends (endKernel).
   */
  allocUninit(numel: number, dtype: DType): WasmData {
    const d = new WasmData(this, numel, dtype);
    if (this.isSmall(numel, dtype)) {
      const b = this.heap.alloc(Math.max(d.nbytes, 16));
      this.scratchBlocks.push(b);
      d.h.ptr = b.ptr;
      d.h.size = b.size;
      d.h.resident = true;
      d.h.scratch = true;
      this.pendingSmall.push(d);
    } else this.place(d);
    if (this.poison) this.rt.mem.fill(d.h.ptr, 0xff, d.nbytes);
    return d;
  }
  private place(d: WasmData): void {
    const bytes = Math.max(d.nbytes, 1);
    if (this.heap.liveBytes + bytes > this.budget) this.spill();
    const { ptr, size } = this.heap.alloc(bytes);
    d.h.ptr = ptr;
    d.h.size = size;
    d.h.resident = true;
    d.h.lastUse = ++this.clock;
    this.tensorBytes += d.nbytes;
    this.link(d.h, d);
  }
  private link(h: Handle, d: WasmData): void {
    h.data = d;
    h.prev = null;
    h.next = this.residents;
    if (this.residents) this.residents.prev = h;
    this.residents = h;
  }
  private unlink(h: Handle): void {
    this.tensorBytes -= h.data!.nbytes;
    if (h.prev) h.prev.next = h.next;
    else this.residents = h.next;
    if (h.next) h.next.prev = h.prev;
    h.prev = h.next = null;
    h.data = null;
  }
  /** A small array: a recycled one (contents undefined) or a new, zero-filled one. */
  private smallArray(numel: number, dtype: DType): TypedArray {
    const list = this.recycled.get(`${dtype}:${numel}`);
    const a = list?.pop();
    if (!a) return allocTyped(dtype, numel);
    this.recycledBytes -= a.byteLength;
    return a;
  }
  allocate(numel: number, dtype: DType): DataId {
    if (this.isSmall(numel, dtype)) {
      const a = this.smallArray(numel, dtype);
      a.fill(0);
      return this.small(a, dtype);
    }
    const d = new WasmData(this, numel, dtype);
    this.place(d);
    this.rt.mem.fill(d.h.ptr, 0, d.nbytes);
    return d;
  }
  /** A small storage: a JavaScript array the garbage collector owns. */
  private small(data: TypedArray, dtype: DType): WasmData {
    const d = new WasmData(this, data.length, dtype);
    d.ext = data;
    return d;
  }
  /**
   * A JavaScript kernel's zero-filled output, straight in WebAssembly memory when that needs
   * no growth (growing would detach the views of the inputs the kernel holds); null otherwise.
   */
  output(
    numel: number,
    dtype: DType,
  ): {
    /** The zero-filled output array. */
    data: TypedArray;
    /** Its handle, for the kernel's result. */
    dataId: DataId;
  } | null {
    const bytes = Math.max(numel * bytesPerElement(dtype), 1);
    if (bytes > this.smallBytes && (!this.heap.fits(bytes) || this.heap.liveBytes + bytes > this.budget)) return null;
    // small: a (recycled) JavaScript array; large: zeroed WebAssembly memory
    const d = this.allocate(numel, dtype) as WasmData;
    return { data: d.data, dataId: d };
  }
  /** Shares the caller's array (zero-copy, like torch.from_numpy); kernels that need it in WebAssembly memory copy it in. */
  fromTypedArray(data: TypedArray, dtype: DType): DataId {
    const d = new WasmData(this, data.length, dtype, true);
    d.ext = data;
    this.externalBytes += data.byteLength;
    this.externalCount++;
    d.h.spilledBytes = data.byteLength;
    return d;
  }
  /** Takes a fresh array nobody else holds: kept as it is when small, else copied into WebAssembly memory. */
  adopt(data: TypedArray, dtype: DType): DataId {
    if (this.isSmall(data.length, dtype)) return this.small(data, dtype);
    const d = new WasmData(this, data.length, dtype);
    this.place(d);
    (d.data as Float32Array).set(data as Float32Array);
    return d;
  }
  write(dataId: DataId, data: TypedArray): void {
    const d = dataId as WasmData;
    if (d.numel !== data.length) throw new BackendError(`write of ${data.length} elements into an allocation of ${d.numel}`, 'write');
    (d.data as Float32Array).set(data as Float32Array);
  }
  async read(dataId: DataId, dtype: DType): Promise<TypedArray> {
    return this.readSync(dataId, dtype);
  }
  /** The stored elements: a view of WebAssembly memory (valid until the next allocation) or the external array. */
  readSync(dataId: DataId, _dtype: DType): TypedArray {
    return (dataId as WasmData).data;
  }
  free(dataId: DataId): void {
    const d = dataId as WasmData;
    // a small array nobody else can hold any more is kept for the next storage of its size
    const small = d.ext && !d.userOwned && !d.h.spilledBytes && d.ext.length > 0;
    this.finalize(d.h);
    if (small && this.recycledBytes + d.ext!.byteLength <= RECYCLE_BYTES) {
      const key = `${d.dtype}:${d.numel}`;
      let list = this.recycled.get(key);
      if (!list) {
        list = [];
        this.recycled.set(key, list);
      }
      // a few per size: sizes made some other way (adopted arrays) but disposed here would
      // otherwise pile up, tiny ones by the million before they reach the byte budget
      if (list.length < RECYCLE_PER_SIZE) {
        list.push(d.ext!);
        this.recycledBytes += d.ext!.byteLength;
      }
    }
    d.ext = null;
    d.dropView();
  }
  /**
   * What the finalization registry holds for a storage: the handle, never the data; nothing for
   * a small storage, which is garbage-collected JavaScript memory.
   */
  finalizerToken(dataId: DataId): object | null {
    const d = dataId as WasmData;
    return d.ext && !d.userOwned && !d.h.spilledBytes ? null : d.h;
  }
  /** Free by handle (from free(), or from the finalizer once the storage was collected). */
  finalize(token: object): void {
    const h = token as Handle;
    if (h.scratch) {
      // a kernel's small output freed before the kernel ended: its memory is the kernel's scratch
      h.scratch = false;
      h.resident = false;
    } else if (h.resident) {
      this.unlink(h);
      this.heap.release(h.ptr, h.size);
      h.resident = false;
    } else if (h.spilledBytes) {
      this.externalBytes -= h.spilledBytes;
      this.externalCount--;
    }
    h.spilledBytes = 0;
  }

  // ---- kernel inputs --------------------------------------------------------------------------
  private readonly scratchBlocks: { ptr: number; size: number }[] = [];
  /** A block that lives until the running kernel returns (`endKernel`). */
  scratch(bytes: number): number {
    const b = this.heap.alloc(Math.max(bytes, 16));
    this.scratchBlocks.push(b);
    return b.ptr;
  }
  /** Release the running kernel's scratch blocks (those since `mark`, from scratchMark()). */
  endKernel(mark = 0): void {
    // small outputs move from scratch to their JavaScript arrays first
    if (mark === 0 && this.pendingSmall.length) {
      for (const d of this.pendingSmall) {
        if (!d.h.scratch) continue; // freed already
        d.h.scratch = false;
        const copy = this.smallArray(d.numel, d.dtype);
        (copy as Float32Array).set(d.data as Float32Array);
        d.h.resident = false;
        d.dropView();
        d.ext = copy;
      }
      this.pendingSmall.length = 0;
    }
    for (let i = mark; i < this.scratchBlocks.length; i++) this.heap.release(this.scratchBlocks[i]!.ptr, this.scratchBlocks[i]!.size);
    this.scratchBlocks.length = mark;
  }
  /** A point to release scratch back to with endKernel(mark), inside a kernel. */
  scratchMark(): number {
    return this.scratchBlocks.length;
  }
  /**
   * Byte address of element 0 of a kernel input (its storage offset applied). A user's shared
   * array is copied into scratch memory for the duration of the kernel.
   */
  ptr(dataId: DataId, offset: number): number {
    const d = dataId as WasmData;
    const bpe = bytesPerElement(d.dtype);
    if (this.resident(d)) return d.h.ptr + offset * bpe;
    const p = this.scratch(d.nbytes);
    new (typedArrayCtor(d.dtype))(this.heap.buffer as ArrayBuffer, p, d.numel).set(d.ext as never);
    return p + offset * bpe;
  }

  // ---- residency ----------------------------------------------------------------------------
  /** Make `d` resident (copying a spilled copy back); user arrays stay where they are. */
  resident(d: WasmData): boolean {
    if (d.h.resident) {
      d.h.lastUse = ++this.clock;
      return true;
    }
    if (d.userOwned || d.nbytes <= this.smallBytes) return false;
    const ext = d.ext!;
    this.externalBytes -= d.h.spilledBytes;
    this.externalCount--;
    d.h.spilledBytes = 0;
    d.ext = null;
    this.reloadedBytes += ext.byteLength;
    this.place(d);
    (d.data as Float32Array).set(ext as Float32Array);
    return true;
  }

  /**
   * Move the least recently used storages out of WebAssembly memory into JavaScript arrays
   * until at most half the budget is resident (what the last few kernels touched stays). The
   * budget doubles when the working set does not fit: when nothing old enough is left to move,
   * or when much of what was moved out had to come back since the last time.
   */
  spill(): void {
    const recent = this.clock - 16;
    const old: WasmData[] = [];
    for (let h = this.residents; h; h = h.next) if (h.lastUse < recent) old.push(h.data!);
    old.sort((a, b) => a.h.lastUse - b.h.lastUse);
    const target = this.budget / 2;
    // what leaves goes into one JavaScript buffer (one allocation, whatever the count)
    const leaving: WasmData[] = [];
    let live = this.heap.liveBytes;
    let bytes = 0;
    for (const d of old) {
      if (live <= target) break;
      leaving.push(d);
      live -= d.h.size;
      bytes += (d.nbytes + 7) & ~7;
    }
    // slabs of at most 4 MiB: the C allocator serves those from memory it reuses, where larger
    // ones would be fresh pages every time
    const mem = new Uint8Array(this.heap.buffer as ArrayBuffer);
    let slab: ArrayBuffer | null = null;
    let at = 0;
    for (const d of leaving) {
      const size = (d.nbytes + 7) & ~7;
      if (!slab || at + size > slab.byteLength) {
        slab = rawBuffer(Math.min(Math.max(size, SLAB), bytes));
        at = 0;
      }
      bytes -= size;
      new Uint8Array(slab, at, d.nbytes).set(mem.subarray(d.h.ptr, d.h.ptr + d.nbytes));
      const copy = new (typedArrayCtor(d.dtype))(slab, at, d.numel);
      at += size;
      this.unlink(d.h);
      this.heap.release(d.h.ptr, d.h.size);
      d.h.resident = false;
      d.h.spilledBytes = copy.byteLength;
      d.ext = copy;
      d.dropView();
      this.externalBytes += copy.byteLength;
      this.externalCount++;
      this.spills++;
    }
    if (this.heap.liveBytes > target || this.reloadedBytes > this.budget / 4) this.budget *= 2;
    this.reloadedBytes = 0;
  }

  /** Bytes and allocations held by live tensors, in WebAssembly memory and in JavaScript arrays. */
  memory(): MemoryInfo {
    return {
      numBytes: this.tensorBytes + this.externalBytes,
      numBuffers: this.heap.liveBlocks + this.externalCount,
      wasmBytes: this.heap.sizeBytes,
      residentBytes: this.heap.liveBytes,
      externalBytes: this.externalBytes,
      cachedBytes: this.heap.cachedBytes,
      spills: this.spills,
      budget: this.budget,
      sharedMemory: this.heap.shared,
      threads: this.threads,
      threadJobs: this.pool?.jobs ?? 0,
      relaxedSimd: this.rt.fma,
    };
  }
}
