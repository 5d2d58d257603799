/// <reference types="@webgpu/types" />
import type { Backend, DataId, DType, KernelResult, MemoryInfo, TypedArray } from '@torchlet/tensor';
import { allocTyped, BackendError } from '@torchlet/tensor';
import { BufferPool } from './buffer-pool.js';
import { checkDeviceDType, fromDeviceBytes, toDeviceArray } from './dtypes.js';
import { DeviceErrors, INDEX_CHECK_SLOTS, IndexChecks } from './errors.js';
import { GpuData, gpuData, type Program } from './program.js';

// WebGPU's usage and map-mode bits (constants of the spec, so no global is needed at import time)
const MAP_READ = 0x0001;
const COPY_SRC = 0x0004;
const COPY_DST = 0x0008;
const STORAGE = 0x0080;
const DATA_USAGE = STORAGE | COPY_SRC | COPY_DST;
const READ_USAGE = MAP_READ | COPY_DST;
const MAP_MODE_READ = 0x0001;

/** Storage-buffer offsets of kernel parameters must be aligned to this (the WebGPU maximum). */
const PARAM_ALIGN = 256;
/** The parameters of one batch's dispatches share one buffer, written once at submit. */
const PARAM_ARENA_BYTES = 256 * 1024;
/** Integer uploads up to this many elements keep a host copy for synchronous bounds checks. */
const HOST_MIRROR_MAX = 1 << 16;

export interface WebGPUBackendOptions {
  /** dispatches recorded into one command encoder before it is submitted (default 64) */
  batchSize?: number;
  /** bytes of released buffers the pool keeps for reuse; more are destroyed (default 512 MiB) */
  maxPooledBytes?: number;
  /** cap the workgroups per grid dimension below the device limit (tests of the split dispatch) */
  maxWorkgroupsPerDimension?: number;
}

const align = (n: number, a: number) => Math.ceil(n / a) * a;

/**
 * The storage half of the WebGPU backend: allocations in pooled GPU buffers, a command batch that
 * many dispatches go into (submitted when a read needs it or the batch is full), async readback,
 * and device errors turned into typed errors. Kernels (see ./kernels) generate WGSL and call `run`.
 *
 * Ordering: queue.writeBuffer runs before commands that are still being recorded, so buffers go
 * back to the pool only after the batch that uses them is submitted (then queue order makes any
 * reuse safe), and write() into a buffer the open batch uses submits that batch first.
 */
export class WebGPUBackend implements Backend {
  readonly name: string;
  readonly device: GPUDevice;
  /** objects the device depends on (Dawn's instance in Node is freed with its GPU object) */
  readonly owners: readonly unknown[];
  /** max workgroups per grid dimension */
  readonly maxGroups: number;
  readonly maxBufferBytes: number;
  private readonly pool: BufferPool;
  private readonly batchSize: number;
  private readonly pipelines = new Map<string, { pipeline: GPUComputePipeline; layout: GPUBindGroupLayout }>();
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
  private deferred: GPUBuffer[] = [];
  private readonly params = new Int32Array(PARAM_ARENA_BYTES / 4);
  private paramsUsed = 0;
  private readonly paramsBuffer: GPUBuffer;

  // accounting
  private liveBytes = 0;
  private liveBuffers = 0;
  private submits = 0;

  constructor(name: string, device: GPUDevice, options: WebGPUBackendOptions = {}, owners: unknown[] = []) {
    this.name = name;
    this.device = device;
    this.owners = owners;
    this.maxGroups = Math.min(device.limits.maxComputeWorkgroupsPerDimension, options.maxWorkgroupsPerDimension ?? Infinity);
    this.maxBufferBytes = Math.min(device.limits.maxBufferSize, device.limits.maxStorageBufferBindingSize);
    this.batchSize = options.batchSize ?? 64;
    this.pool = new BufferPool(device, options.maxPooledBytes ?? 512 * 1024 * 1024);
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
    const { data, fresh } = this.alloc(numel, dtype, 'allocate');
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
    if (data.length > 0) this.device.queue.writeBuffer(d.buffer, 0, toDeviceArray(data, dtype) as Uint32Array<ArrayBuffer>);
    if ((dtype === 'int32' || dtype === 'uint8') && data.length <= HOST_MIRROR_MAX) d.host = data.slice();
    return d;
  }

  write(dataId: DataId, data: TypedArray): void {
    const d = gpuData(dataId);
    this.open('write');
    if (d.freed) throw new BackendError('write into a freed allocation', 'write');
    if (data.length !== d.numel) throw new BackendError(`write of ${data.length} elements into an allocation of ${d.numel}`, 'write');
    if (d.batch === this.batchId) this.flush();
    if (data.length > 0) this.device.queue.writeBuffer(d.buffer, 0, toDeviceArray(data, d.dtype) as Uint32Array<ArrayBuffer>);
    d.host = d.host ? data.slice() : undefined;
  }

  async read(dataId: DataId, _dtype: DType): Promise<TypedArray> {
    const d = gpuData(dataId);
    this.open('read');
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
    // commands still being recorded may use it: it goes back to the pool after their submit
    if (d.batch === this.batchId && this.encoder) this.deferred.push(d.buffer);
    else this.pool.release(d.buffer);
  }

  memory(): MemoryInfo {
    return {
      numBytes: this.liveBytes,
      numBuffers: this.liveBuffers,
      ...this.pool.snapshot(),
      pipelines: this.pipelines.size,
      pendingDispatches: this.dispatches,
      submits: this.submits,
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
    for (const b of this.deferred) this.pool.release(b);
    this.deferred = [];
    this.encoder = null;
    this.pass = null;
    this.dispatches = 0;
    this.paramsUsed = 0;
    this.batchOps.clear();
    this.batchId++;
  }

  /** Resolve when all submitted work has finished; rejects with the first device error since the last check. */
  async sync(): Promise<void> {
    this.open('sync');
    await this.checkpoint(null);
  }

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
    return this.alloc(numel, dtype, op).data;
  }

  /** Wrap an allocation as a kernel result. */
  result(d: GpuData, shape: readonly number[]): KernelResult {
    return { dataId: d, shape: [...shape], dtype: d.dtype };
  }

  /** Record a buffer-to-buffer copy of `numel` elements. */
  copy(op: string, src: GpuData, srcOffset: number, dst: GpuData, dstOffset: number, numel: number): void {
    this.open(op);
    if (numel === 0) return;
    this.endPass();
    this.commands().copyBufferToBuffer(src.buffer, srcOffset * 4, dst.buffer, dstOffset * 4, numel * 4);
    src.batch = dst.batch = this.batchId;
    this.dispatched();
  }

  /** Record one compute dispatch. */
  run(p: Program): void {
    this.open(p.op);
    if (p.groups === 0 || p.groupsZ === 0) return;
    const words = Math.max(p.params.length, 1);
    const slot = align(words * 4, PARAM_ALIGN);
    if (this.paramsUsed * 4 + slot > PARAM_ARENA_BYTES) {
      this.flush();
      this.open(p.op);
    }
    const { pipeline, layout } = this.pipeline(p.code, p.op);
    const offset = this.paramsUsed * 4;
    this.params.set(p.params, this.paramsUsed);
    this.paramsUsed += slot / 4;
    const entries: GPUBindGroupEntry[] = [{ binding: 0, resource: { buffer: this.paramsBuffer, offset, size: words * 4 } }];
    p.buffers.forEach((d, i) => {
      if (d.freed) throw new BackendError('a kernel input was freed before use', p.op);
      entries.push({ binding: i + 1, resource: { buffer: d.buffer } });
      d.batch = this.batchId;
    });
    if (p.errors) entries.push({ binding: p.buffers.length + 1, resource: { buffer: this.indexFlags } });
    const [x, y] = this.grid(p.groups, p.op);
    const pass = this.computePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, this.device.createBindGroup({ layout, entries, label: `torchlet:${p.op}` }));
    pass.dispatchWorkgroups(x, y, p.groupsZ ?? 1);
    this.dispatched();
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
    if (y > this.maxGroups) throw new BackendError(`${groups} workgroups exceed this device's grid (${this.maxGroups} x ${this.maxGroups})`, op);
    return [Math.ceil(groups / y), y];
  }

  // ---- internals -------------------------------------------------------------------------

  /** Throw pending device errors and open the error scopes of the commands about to be recorded. */
  private open(op: string): void {
    if (this.disposed) throw new BackendError(`backend '${this.name}' was disposed (re-registered or reset); register it again and await ready()`, op);
    this.errors.throwPending(op);
    this.errors.open();
    this.batchOps.add(op);
  }

  private alloc(numel: number, dtype: DType, op: string): { data: GpuData; fresh: boolean } {
    checkDeviceDType(dtype, op);
    this.open(op);
    const bytes = numel * 4;
    if (bytes > this.maxBufferBytes) {
      throw new BackendError(
        `a tensor of ${numel} elements (${(bytes / 2 ** 20).toFixed(1)} MiB) is larger than this device's largest storage buffer (${(this.maxBufferBytes / 2 ** 20).toFixed(1)} MiB); split it or use the cpu backend`,
        op,
      );
    }
    const { buffer, fresh } = this.pool.acquire(bytes, DATA_USAGE, `torchlet:${op}`);
    this.liveBytes += bytes;
    this.liveBuffers++;
    return { data: new GpuData(buffer, numel, dtype), fresh };
  }

  private commands(): GPUCommandEncoder {
    return (this.encoder ??= this.device.createCommandEncoder({ label: 'torchlet:batch' }));
  }

  private computePass(): GPUComputePassEncoder {
    return (this.pass ??= this.commands().beginComputePass());
  }

  private endPass(): void {
    if (this.pass) {
      this.pass.end();
      this.pass = null;
    }
  }

  private dispatched(): void {
    if (++this.dispatches >= this.batchSize) this.flush();
  }

  /** The pipeline of a shader, compiled once per source (shaders are generated per kernel, dtype and rank class). */
  private pipeline(code: string, op: string) {
    let p = this.pipelines.get(code);
    if (!p) {
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
      const pipeline = this.device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'main' }, label: `torchlet:${op}` });
      p = { pipeline, layout: pipeline.getBindGroupLayout(0) };
      this.pipelines.set(code, p);
    }
    return p;
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
      if (readback) out = fromDeviceBytes(readback.staging.getMappedRange(0, readback.data.bytes), readback.data.dtype, readback.data.numel);
      if (flags) indexError = IndexChecks.error(slots, new Int32Array(flags.getMappedRange(0, flagBytes)));
    } catch (err) {
      await this.errors.drain('read');
      throw this.errors.isLost ? this.errors.lostError('read') : new BackendError(`reading back from the device failed: ${(err as Error)?.message ?? err}`, 'read');
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
