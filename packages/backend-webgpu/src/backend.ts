/// <reference types="@webgpu/types" />
import type { Backend, DataId, DType, KernelResult, MemoryInfo, TypedArray } from '@torchlet/tensor';
import { allocTyped, BackendError } from '@torchlet/tensor';
import { BufferPool } from './buffer-pool.js';
import { checkDeviceDType, fromDeviceBytes, toDeviceArray } from './dtypes.js';
import { DeviceErrors, INDEX_CHECK_SLOTS, IndexChecks } from './errors.js';
import { GpuData, gpuData, type Program } from './program.js';
import { fnKey, fuse, inlinable, MAX_FUSED_OPS, type LazyOp } from './fusion.js';

// WebGPU's usage and map-mode bits (constants of the spec, so no global is needed at import time)
const MAP_READ = 0x0001;
const COPY_SRC = 0x0004;
const COPY_DST = 0x0008;
const STORAGE = 0x0080;
const DATA_USAGE = STORAGE | COPY_SRC | COPY_DST;
const READ_USAGE = MAP_READ | COPY_DST;
const MAP_MODE_READ = 0x0001;
const COMPUTE = 0x4; // GPUShaderStage.COMPUTE

/** Storage-buffer offsets of kernel parameters must be aligned to this (the WebGPU maximum). */
const PARAM_ALIGN = 256;
/** The parameters of one batch's dispatches share one buffer, written once at submit. */
const PARAM_ARENA_BYTES = 256 * 1024;
/** Bytes of parameters a cached bind group exposes (kernels with more get a one-off bind group). */
const PARAM_BIND_BYTES = 1024;
/** Cached bind groups kept before the cache is emptied. */
const BIND_GROUP_CACHE = 4096;
/** Integer uploads up to this many elements keep a host copy for synchronous bounds checks. */
const HOST_MIRROR_MAX = 1 << 16;

/** Options of the WebGPU backend (also accepted by {@link registerWebGPUBackend}). */
export interface WebGPUBackendOptions {
  /** dispatches recorded into one command encoder before it is submitted (default 64) */
  batchSize?: number;
  /** bytes of released buffers the pool keeps for reuse; more are destroyed (default 512 MiB) */
  maxPooledBytes?: number;
  /** cap the workgroups per grid dimension below the device limit (tests of the split dispatch) */
  maxWorkgroupsPerDimension?: number;
  /**
   * fuse chains of elementwise ops into one kernel, run when a result is needed (default true;
   * see fusion.ts). Off, every op dispatches its own kernel at once.
   */
  fusion?: boolean;
}

const align = (n: number, a: number) => Math.ceil(n / a) * a;

/** A node of the bind-group cache: the group of the buffers on the path to it, and longer paths. */
interface BindNode {
  group: GPUBindGroup | null;
  next: Map<number, BindNode> | null;
}

interface Pipe {
  pipeline: GPUComputePipeline;
  layout: GPUBindGroupLayout;
  /** index of the pipeline, for bind-group keys */
  id: number;
  op: string;
}

/**
 * The storage half of the WebGPU backend: allocations in pooled GPU buffers, a command batch that
 * many dispatches go into (submitted when a read needs it or the batch is full), async readback,
 * and device errors turned into typed errors. Kernels (see ./kernels) generate WGSL and call `run`.
 *
 * Ordering: queue.writeBuffer runs before commands that are still being recorded, so a buffer the
 * open batch uses goes back to the pool for uploads only after that batch is submitted (then queue
 * order makes any reuse safe); before that, only kernel outputs and zero-filled allocations (first
 * written by a later command of the batch) reuse it. write() into a buffer the open batch uses
 * submits that batch first.
 */
export class WebGPUBackend implements Backend {
  /** The name the backend is registered under ('webgpu'). */
  readonly name: string;
  /** The WebGPU device every buffer and kernel runs on. */
  readonly device: GPUDevice;
  /** objects the device depends on (Dawn's instance in Node is freed with its GPU object) */
  readonly owners: readonly unknown[];
  /** max workgroups per grid dimension */
  readonly maxGroups: number;
  /** Largest buffer a tensor may use: the smaller of the device's buffer and storage-binding limits. */
  readonly maxBufferBytes: number;
  /** elementwise ops are fused (see fusion.ts) */
  readonly fusion: boolean;
  /** buffers a fused kernel may read (the device's storage-buffer limit less params and output) */
  private readonly maxLeaves: number;
  private readonly pool: BufferPool;
  private readonly batchSize: number;
  private readonly pipelines = new Map<string, Pipe>();
  /** cached bind groups: per pipeline (and error flags), a trie over the bound buffers' ids */
  private readonly bindGroups = new Map<number, BindNode>();
  private bindGroupCount = 0;
  private readonly bufferIds = new WeakMap<GPUBuffer, number>();
  private nextBufferId = 0;
  /** the dynamic offset of setBindGroup (a plain array: Dawn's Node binding takes it faster than a Uint32Array) */
  private readonly offsets = [0];
  private readonly errors: DeviceErrors;
  private readonly indexChecks = new IndexChecks();
  private readonly indexFlags: GPUBuffer;
  private disposed = false;

  // the open command batch
  private encoder: GPUCommandEncoder | null = null;
  private pass: GPUComputePassEncoder | null = null;
  private batchId = 1;
  private dispatches = 0;
  private readonly batchOps = new Set<string>();
  private readonly params = new Int32Array(PARAM_ARENA_BYTES / 4);
  private paramsUsed = 0;
  /** word offset and length of the last parameters written this batch (-1: none) */
  private lastParamsAt = -1;
  private lastParamsLength = 0;
  /** the pipeline the open compute pass has set */
  private passPipeline: GPUComputePipeline | null = null;
  /** the bind group and parameter offset the open compute pass has set */
  private passGroup: GPUBindGroup | null = null;
  private passOffset = -1;
  private readonly paramsBuffer: GPUBuffer;

  // accounting
  private liveBytes = 0;
  private liveBuffers = 0;
  private submits = 0;
  private dispatchCount = 0;

  constructor(name: string, device: GPUDevice, options: WebGPUBackendOptions = {}, owners: unknown[] = []) {
    this.name = name;
    this.device = device;
    this.owners = owners;
    this.maxGroups = Math.min(device.limits.maxComputeWorkgroupsPerDimension, options.maxWorkgroupsPerDimension ?? Infinity);
    this.maxBufferBytes = Math.min(device.limits.maxBufferSize, device.limits.maxStorageBufferBindingSize);
    this.batchSize = options.batchSize ?? 64;
    this.fusion = options.fusion ?? true;
    this.maxLeaves = Math.max(1, Math.min(device.limits.maxStorageBuffersPerShaderStage ?? 8, 16) - 2);
    this.pool = new BufferPool(device, options.maxPooledBytes ?? 512 * 1024 * 1024, () => this.clearBindGroups());
    this.paramsBuffer = device.createBuffer({ size: PARAM_ARENA_BYTES, usage: STORAGE | COPY_DST, label: 'torchlet:params' });
    this.indexFlags = device.createBuffer({ size: INDEX_CHECK_SLOTS * 8, usage: DATA_USAGE, label: 'torchlet:index-check' });
    this.errors = new DeviceErrors(
      device,
      () => [...this.batchOps],
      () => !this.disposed,
    );
    this.pool.onAllocationError = (failure, bytes, limit, label) => this.errors.allocation(failure, bytes, limit, label);
  }

  // ---- Backend: storage ------------------------------------------------------------------

  allocate(numel: number, dtype: DType): DataId {
    const { data, fresh } = this.alloc(numel, dtype, 'allocate', true);
    if (!fresh && numel > 0) {
      this.endPass();
      this.commands().clearBuffer(data.buffer, 0, data.bytes);
      data.batch = this.batchId;
    }
    return data;
  }

  fromTypedArray(data: TypedArray, dtype: DType): DataId {
    checkDeviceDType(dtype, 'fromTypedArray');
    const { data: d } = this.alloc(data.length, dtype, 'fromTypedArray');
    if (data.length === 1) {
      // a scalar operand: fused kernels take it as a parameter, and it is uploaded only if a command binds it
      const word = toDeviceArray(data, dtype);
      d.scalar = new Int32Array(word.buffer, word.byteOffset, 1)[0]!;
      d.uploadPending = true;
    } else if (data.length > 0) this.device.queue.writeBuffer(d.buffer, 0, toDeviceArray(data, dtype) as Uint32Array<ArrayBuffer>);
    if ((dtype === 'int32' || dtype === 'uint8') && data.length <= HOST_MIRROR_MAX) d.host = data.slice();
    return d;
  }

  write(dataId: DataId, data: TypedArray): void {
    const d = gpuData(dataId);
    this.open('write');
    if (d.freed) throw new BackendError('write into a freed allocation', 'write');
    if (data.length !== d.numel) throw new BackendError(`write of ${data.length} elements into an allocation of ${d.numel}`, 'write');
    this.beforeWrite(d);
    if (d.batch === this.batchId) this.flush();
    if (data.length > 0) this.device.queue.writeBuffer(d.buffer, 0, toDeviceArray(data, d.dtype) as Uint32Array<ArrayBuffer>);
    d.host = d.host ? data.slice() : undefined;
  }

  async read(dataId: DataId, _dtype: DType): Promise<TypedArray> {
    const d = gpuData(dataId);
    this.open('read');
    this.ready(d);
    if (d.numel === 0) {
      await this.checkpoint(null);
      return allocTyped(d.dtype, 0);
    }
    const staging = this.pool.acquire(d.bytes, READ_USAGE, 'torchlet:readback').buffer;
    this.endPass();
    this.commands().copyBufferToBuffer(d.buffer, 0, staging, 0, d.bytes);
    d.batch = this.batchId;
    try {
      return (await this.checkpoint({ staging, data: d }))!;
    } finally {
      if (staging.mapState === 'mapped') staging.unmap();
      this.pool.release(staging);
    }
  }

  free(dataId: DataId): void {
    const d = gpuData(dataId);
    if (d.freed) return;
    d.freed = true;
    d.host = undefined;
    this.liveBytes -= d.bytes;
    this.liveBuffers--;
    if (this.disposed) return;
    // pending ops still read it: released when the last of them runs or is dropped
    if (d.users === 0) this.release(d);
  }

  /** Return a freed allocation's buffer to the pool; a pending op nobody needs is dropped. */
  private release(d: GpuData): void {
    if (d.lazy) {
      const inputs = d.lazy.inputs;
      d.lazy = null;
      for (const o of inputs) this.unuse(o.data, d);
    }
    // commands still being recorded may use it: until their submit only kernel outputs and
    // zero-filled allocations (written by later commands) may take it, uploads may not
    if (d.batch === this.batchId && this.encoder) this.pool.releaseRecorded(d.buffer);
    else this.pool.release(d.buffer);
  }

  private unuse(d: GpuData, consumer: GpuData): void {
    d.users--;
    d.dependents?.delete(consumer);
    if (d.users === 0 && d.freed) this.release(d);
  }

  /** Bytes and buffers held by live tensors, plus the buffer pool's counters. */
  memory(): MemoryInfo {
    return {
      numBytes: this.liveBytes,
      numBuffers: this.liveBuffers,
      ...this.pool.snapshot(),
      pipelines: this.pipelines.size,
      pendingDispatches: this.dispatches,
      submits: this.submits,
      dispatches: this.dispatchCount,
    };
  }

  /** Submit the commands recorded so far. */
  flush(): void {
    if (this.encoder) {
      this.endPass();
      if (this.paramsUsed > 0) this.device.queue.writeBuffer(this.paramsBuffer, 0, this.params, 0, this.paramsUsed);
      this.device.queue.submit([this.encoder.finish()]);
      this.submits++;
    }
    this.errors.close([...this.batchOps]);
    this.pool.settle();
    this.encoder = null;
    this.pass = null;
    this.dispatches = 0;
    this.paramsUsed = 0;
    this.lastParamsAt = -1;
    this.batchOps.clear();
    this.batchId++;
  }

  /** Resolve when all submitted work has finished; rejects with the first device error since the last check. */
  async sync(): Promise<void> {
    this.open('sync');
    await this.checkpoint(null);
  }

  /** Destroy every buffer and the device (and Dawn's instance in Node); the backend is unusable afterwards. */
  dispose(): void {
    if (this.disposed) return;
    try {
      this.flush();
    } catch {
      // a lost device cannot submit; nothing to keep
    }
    this.disposed = true;
    this.pool.clear();
    this.device.destroy();
  }

  // ---- for kernels -----------------------------------------------------------------------

  /** A fresh, uninitialised allocation for a kernel's result. */
  output(numel: number, dtype: DType, op: string): GpuData {
    return this.alloc(numel, dtype, op, true).data;
  }

  /** Wrap an allocation as a kernel result. */
  result(d: GpuData, shape: readonly number[]): KernelResult {
    return { dataId: d, shape: [...shape], dtype: d.dtype };
  }

  /** Record a buffer-to-buffer copy of `numel` elements. */
  copy(op: string, src: GpuData, srcOffset: number, dst: GpuData, dstOffset: number, numel: number): void {
    this.open(op);
    if (numel === 0) return;
    this.ready(src);
    this.beforeWrite(dst);
    this.endPass();
    this.commands().copyBufferToBuffer(src.buffer, srcOffset * 4, dst.buffer, dstOffset * 4, numel * 4);
    src.batch = dst.batch = this.batchId;
    this.dispatched();
  }

  /** Record one compute dispatch. */
  run(p: Program): void {
    this.open(p.op);
    if (p.groups === 0 || p.groupsZ === 0) return;
    for (let i = 0; i < p.buffers.length; i++) {
      const d = p.buffers[i]!;
      if (d.lazy || d.uploadPending) this.ready(d);
    }
    const words = Math.max(p.params.length, 1);
    const slot = align(words * 4, PARAM_ALIGN);
    if (this.paramsUsed * 4 + slot > PARAM_ARENA_BYTES - PARAM_BIND_BYTES) {
      this.flush();
      this.open(p.op);
    }
    const pipe = this.pipeline(p);
    // the same parameters as the previous dispatch of this batch (a loop of one op) share its slot
    let offset = this.lastParamsAt * 4;
    if (this.lastParamsAt < 0 || !this.sameParams(p.params)) {
      offset = this.paramsUsed * 4;
      this.params.set(p.params, this.paramsUsed);
      this.lastParamsAt = this.paramsUsed;
      this.lastParamsLength = p.params.length;
      this.paramsUsed += slot / 4;
    }
    const buffers = p.buffers;
    for (let i = 0; i < buffers.length; i++) {
      const d = buffers[i]!;
      // (a freed leaf of a fused kernel is kept until the pending ops that read it have run)
      if (d.freed && d.users === 0) throw new BackendError('a kernel input was freed before use', p.op);
      d.batch = this.batchId;
    }
    let x = p.groups;
    let y = 1;
    if (x > this.maxGroups) [x, y] = this.grid(p.groups, p.op);
    const pass = this.computePass();
    if (this.passPipeline !== pipe.pipeline) {
      pass.setPipeline(pipe.pipeline);
      this.passPipeline = pipe.pipeline;
    }
    const group =
      words * 4 <= PARAM_BIND_BYTES
        ? this.bindGroup(pipe, buffers, !!p.errors, PARAM_BIND_BYTES)
        : this.createBindGroup(pipe, buffers, !!p.errors, words * 4);
    // (a loop of one op on the same buffers sets its bind group once)
    if (group !== this.passGroup || offset !== this.passOffset) {
      this.offsets[0] = offset;
      pass.setBindGroup(0, group, this.offsets);
      this.passGroup = group;
      this.passOffset = offset;
    }
    pass.dispatchWorkgroups(x, y, p.groupsZ ?? 1);
    this.dispatchCount++;
    this.dispatched();
  }

  /**
   * The bind group of these buffers, cached: pooled buffers come back, so a training loop binds
   * the same few sets over and over. Destroying a pooled buffer empties the cache.
   */
  private bindGroup(pipe: Pipe, buffers: readonly GpuData[], errors: boolean, paramBytes: number): GPUBindGroup {
    const root = pipe.id * 2 + (errors ? 1 : 0);
    let node: BindNode | undefined = this.bindGroups.get(root);
    if (!node) {
      node = { group: null, next: null };
      this.bindGroups.set(root, node);
    }
    for (let i = 0; i < buffers.length; i++) {
      const id = this.bufferId(buffers[i]!.buffer);
      let child: BindNode | undefined = node.next?.get(id);
      if (!child) {
        child = { group: null, next: null };
        node.next ??= new Map();
        node.next.set(id, child);
      }
      node = child;
    }
    if (!node.group) {
      if (this.bindGroupCount >= BIND_GROUP_CACHE) {
        this.clearBindGroups();
        return this.bindGroup(pipe, buffers, errors, paramBytes);
      }
      node.group = this.createBindGroup(pipe, buffers, errors, paramBytes);
      this.bindGroupCount++;
    }
    return node.group;
  }

  private clearBindGroups(): void {
    this.bindGroups.clear();
    this.bindGroupCount = 0;
  }

  private createBindGroup(pipe: Pipe, buffers: readonly GpuData[], errors: boolean, paramBytes: number): GPUBindGroup {
    const entries: GPUBindGroupEntry[] = [{ binding: 0, resource: { buffer: this.paramsBuffer, offset: 0, size: paramBytes } }];
    for (let i = 0; i < buffers.length; i++) entries.push({ binding: i + 1, resource: { buffer: buffers[i]!.buffer } });
    if (errors) entries.push({ binding: buffers.length + 1, resource: { buffer: this.indexFlags } });
    return this.device.createBindGroup({ layout: pipe.layout, entries, label: `torchlet:${pipe.op}` });
  }

  private bufferId(b: GPUBuffer): number {
    let id = this.bufferIds.get(b);
    if (id === undefined) {
      id = this.nextBufferId++;
      this.bufferIds.set(b, id);
    }
    return id;
  }

  // ---- fusion (see fusion.ts) ------------------------------------------------------------

  /**
   * Record an elementwise op as pending: `out` is computed by a fused kernel when it is needed.
   * `l.size` and `l.leaves` are set here, and `l.fnKey` when empty.
   * Operands that cannot be inlined (other views of pending results) are computed first, and
   * graphs past the kernel limits are cut by computing the op's pending inputs.
   */
  defer(l: LazyOp, out: GpuData): void {
    this.open(l.op);
    this.countGraph(l);
    if (l.size > MAX_FUSED_OPS || l.leaves > this.maxLeaves) {
      for (const o of l.inputs) if (o.data.lazy) this.realize(o.data);
      this.countGraph(l);
    }
    l.fnKey ||= fnKey(l);
    out.lazy = l;
    for (const o of l.inputs) {
      o.data.users++;
      o.data.dependents ??= new Set();
      o.data.dependents.add(out);
    }
  }

  /** Set a pending op's `size` and `leaves` (computing inputs that cannot be inlined first). */
  private countGraph(l: LazyOp): void {
    let size = 1;
    let leaves = 0;
    for (const o of l.inputs) {
      if (o.data.freed) throw new BackendError('a kernel input was freed before use', l.op);
      if (o.data.lazy && !inlinable(o, l.n)) this.realize(o.data);
      if (o.data.lazy) {
        size += o.data.lazy.size;
        leaves += o.data.lazy.leaves;
      } else if (o.data.scalar === undefined || o.data.numel !== 1) leaves++;
    }
    l.size = size;
    l.leaves = leaves;
  }

  /** Make an allocation's values exist on the device: run its pending op, upload a deferred scalar. */
  private ready(d: GpuData): void {
    if (d.lazy) this.realize(d);
    if (d.uploadPending) {
      d.uploadPending = false;
      this.device.queue.writeBuffer(d.buffer, 0, Int32Array.of(d.scalar!));
    }
  }

  /** Run the fused kernel of a pending allocation. */
  private realize(d: GpuData): void {
    const l = d.lazy!;
    const k = fuse(d, d);
    d.lazy = null;
    this.run({ op: l.op, key: k.key, code: k.code, params: k.params, buffers: k.buffers, groups: k.groups });
    for (const o of l.inputs) this.unuse(o.data, d);
  }

  /** Before commands or uploads write into `d`: compute what reads its current values. */
  beforeWrite(d: GpuData): void {
    this.ready(d);
    d.scalar = undefined;
    if (d.dependents?.size) for (const dep of [...d.dependents]) this.realizeLive(dep);
  }

  /** Compute the live pending allocations that read `d`, directly or through freed pending ones. */
  private realizeLive(d: GpuData): void {
    if (!d.lazy) return;
    if (!d.freed) this.realize(d);
    else if (d.dependents) for (const dep of [...d.dependents]) this.realizeLive(dep);
  }

  /**
   * The flag slot of a device-side index check of `op` (a kernel with `errors: true` binds the
   * flags); an out-of-range index is raised as an IndexError by the next read.
   */
  errorSlot(op: string, dim: number, size: number): number {
    return this.indexChecks.slot(op, dim, size);
  }

  /** Split a workgroup count into a grid within the per-dimension limit. */
  grid(groups: number, op: string): [number, number] {
    if (groups <= this.maxGroups) return [groups, 1];
    const y = Math.ceil(groups / this.maxGroups);
    if (y > this.maxGroups)
      throw new BackendError(`${groups} workgroups exceed this device's grid (${this.maxGroups} x ${this.maxGroups})`, op);
    return [Math.ceil(groups / y), y];
  }

  // ---- internals -------------------------------------------------------------------------

  /** Throw pending device errors and open the error scopes of the commands about to be recorded. */
  private open(op: string): void {
    if (this.disposed)
      throw new BackendError(`backend '${this.name}' was disposed (re-registered or reset); register it again and await ready()`, op);
    this.errors.throwPending(op);
    this.errors.open();
    this.batchOps.add(op);
  }

  /** `afterCommands`: the caller first writes the allocation with a command (a kernel's output, a clear), not an upload. */
  private alloc(numel: number, dtype: DType, op: string, afterCommands = false): { data: GpuData; fresh: boolean } {
    checkDeviceDType(dtype, op);
    this.open(op);
    const bytes = numel * 4;
    if (bytes > this.maxBufferBytes) {
      throw new BackendError(
        `a tensor of ${numel} elements (${(bytes / 2 ** 20).toFixed(1)} MiB) is larger than this device's largest storage buffer (${(this.maxBufferBytes / 2 ** 20).toFixed(1)} MiB); split it or use the cpu backend`,
        op,
      );
    }
    const { buffer, fresh, recorded } = this.pool.acquire(bytes, DATA_USAGE, `torchlet:${op}`, afterCommands && this.encoder !== null);
    this.liveBytes += bytes;
    this.liveBuffers++;
    const data = new GpuData(buffer, numel, dtype);
    // commands of the open batch use the buffer: freed before any command writes it (a pending
    // result dropped unread), it must not go to the pool for uploads before their submit
    if (recorded) data.batch = this.batchId;
    return { data, fresh };
  }

  private commands(): GPUCommandEncoder {
    this.encoder ??= this.device.createCommandEncoder({ label: 'torchlet:batch' });
    return this.encoder;
  }

  private computePass(): GPUComputePassEncoder {
    if (!this.pass) {
      this.pass = this.commands().beginComputePass();
      this.passPipeline = null;
      this.passGroup = null;
    }
    return this.pass;
  }

  private endPass(): void {
    if (this.pass) {
      this.pass.end();
      this.pass = null;
    }
  }

  private sameParams(params: ArrayLike<number>): boolean {
    if (params.length !== this.lastParamsLength) return false;
    const at = this.lastParamsAt;
    for (let i = 0; i < params.length; i++) if (this.params[at + i] !== (params[i]! | 0)) return false;
    return true;
  }

  private dispatched(): void {
    if (++this.dispatches >= this.batchSize) this.flush();
  }

  /** Whether the pipeline of a shader key is compiled (then a Program's `code` is not used). */
  hasPipeline(key: string): boolean {
    return this.pipelines.has(key);
  }

  /**
   * The pipeline of a shader, compiled once per key (shaders are generated per kernel, dtype and
   * rank class). Its layout is explicit, read from the shader's declarations, so the parameters
   * (binding 0) take a dynamic offset and bind groups can be reused across dispatches.
   */
  private pipeline(p: Program): Pipe {
    const key = p.key ?? (p.code as string);
    let pipe = this.pipelines.get(key);
    if (!pipe) {
      const code = typeof p.code === 'function' ? p.code() : p.code;
      const op = p.op;
      const module = this.device.createShaderModule({ code, label: `torchlet:${op}` });
      if (typeof module.getCompilationInfo === 'function') {
        void module.getCompilationInfo().then(
          (info) => {
            const errors = info.messages.filter((m) => m.type === 'error');
            if (!errors.length) return;
            const lines = code.split('\n');
            const where = errors.map((m) => `line ${m.lineNum}: ${m.message}\n  ${lines[m.lineNum - 1]?.trim() ?? ''}`).join('\n');
            this.errors.record(new BackendError(`WGSL of ${op} failed to compile:\n${where}`, op), []);
          },
          () => {},
        );
      }
      const entries: GPUBindGroupLayoutEntry[] = [];
      for (const m of code.matchAll(/@binding\((\d+)\) var<storage, (read|read_write)>/g)) {
        const binding = Number(m[1]);
        entries.push({
          binding,
          visibility: COMPUTE,
          buffer:
            binding === 0
              ? { type: 'read-only-storage', hasDynamicOffset: true }
              : { type: m[2] === 'read' ? 'read-only-storage' : 'storage' },
        });
      }
      const layout = this.device.createBindGroupLayout({ entries, label: `torchlet:${op}` });
      const pipeline = this.device.createComputePipeline({
        layout: this.device.createPipelineLayout({ bindGroupLayouts: [layout] }),
        compute: { module, entryPoint: 'main' },
        label: `torchlet:${op}`,
      });
      pipe = { pipeline, layout, id: this.pipelines.size, op };
      this.pipelines.set(key, pipe);
    }
    return pipe;
  }

  /**
   * Submit everything (with a copy of the index-check flags when an index check ran), wait for
   * it, and raise what the device reported: IndexError for out-of-range indices, BackendError for
   * WebGPU errors.
   */
  private async checkpoint(readback: { staging: GPUBuffer; data: GpuData } | null): Promise<TypedArray | null> {
    const flagBytes = this.indexChecks.bytes;
    const slots = this.indexChecks.take();
    let flags: GPUBuffer | null = null;
    if (flagBytes > 0) {
      flags = this.pool.acquire(flagBytes, READ_USAGE, 'torchlet:index-check-readback').buffer;
      this.endPass();
      this.commands().copyBufferToBuffer(this.indexFlags, 0, flags, 0, flagBytes);
      this.commands().clearBuffer(this.indexFlags, 0, flagBytes);
    }
    this.flush();
    let out: TypedArray | null = null;
    let indexError: Error | null = null;
    try {
      const waits: Promise<unknown>[] = [];
      if (readback) waits.push(readback.staging.mapAsync(MAP_MODE_READ, 0, readback.data.bytes));
      if (flags) waits.push(flags.mapAsync(MAP_MODE_READ, 0, flagBytes));
      if (!readback && !flags) waits.push(this.device.queue.onSubmittedWorkDone());
      await Promise.all(waits);
      if (readback)
        out = fromDeviceBytes(readback.staging.getMappedRange(0, readback.data.bytes), readback.data.dtype, readback.data.numel);
      if (flags) indexError = IndexChecks.error(slots, new Int32Array(flags.getMappedRange(0, flagBytes)));
    } catch (err) {
      await this.errors.drain('read');
      throw this.errors.isLost
        ? this.errors.lostError('read')
        : new BackendError(`reading back from the device failed: ${(err as Error)?.message ?? err}`, 'read');
    } finally {
      if (flags) {
        if (flags.mapState === 'mapped') flags.unmap();
        this.pool.release(flags);
      }
    }
    await this.errors.drain('read');
    if (indexError) throw indexError;
    return out;
  }
}
