import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tensor } from '@torchlet/tensor';
import {
  BackendError,
  DTypeError,
  fromTypedArray,
  getBackend,
  IndexError,
  initBackend,
  listBackends,
  memory,
  randn,
  resetRegistry,
  setBackend,
  tensor,
  zeros,
} from '@torchlet/tensor';
import { WebGPUBackend, registerWebGPUBackend, bucketSize, type GpuData } from '../src/index.js';
import { setupBackends } from './helpers.js';

const gpu = { device: 'webgpu' };
const backend = () => getBackend('webgpu') as WebGPUBackend;
/** without fusion every op dispatches at once: the batching tests count dispatches */
const eager = { device: 'webgpu-eager' };
const eagerBackend = () => getBackend('webgpu-eager') as WebGPUBackend;
const vals = async (t: Tensor) => Array.from(await t.data());
const tick = () => new Promise((r) => setTimeout(r, 0));
/** the backend allocation a tensor views */
const dataOf = (t: Tensor) => (t as unknown as { _storage: { dataId: GpuData } })._storage.dataId;

beforeAll(async () => {
  await setupBackends({ name: 'webgpu-eager', fusion: false });
  await setBackend('webgpu');
});
afterAll(() => resetRegistry());

describe('registration', () => {
  it('registers webgpu above cpu with every kernel', () => {
    const list = listBackends();
    const webgpu = list.find((b) => b.name === 'webgpu')!;
    const cpu = list.find((b) => b.name === 'cpu')!;
    expect(webgpu.priority).toBeGreaterThan(cpu.priority);
    expect(webgpu.initialized).toBe(true);
    expect(backend()).toBeInstanceOf(WebGPUBackend);
  });
});

describe('dtypes and readback', () => {
  it('uint8 and bool live as u32 on the device and come back as Uint8Array', async () => {
    const u = fromTypedArray(Uint8Array.of(0, 7, 255, 128), [4], { ...gpu, dtype: 'uint8' });
    const back = await u.data();
    expect(back).toBeInstanceOf(Uint8Array);
    expect(Array.from(back)).toEqual([0, 7, 255, 128]);
    const b = tensor([true, false, true], gpu);
    expect(b.dtype).toBe('bool');
    expect(await b.toArray()).toEqual([true, false, true]);
    expect(Array.from(await u.add(1).data())).toEqual([1, 8, 0, 129]);
    expect(await tensor([1, 2], gpu).data()).toBeInstanceOf(Int32Array);
  });

  it('float64 is refused with a DTypeError that names float32 and the cpu backend', () => {
    expect(() => zeros(2, { ...gpu, dtype: 'float64' })).toThrow(DTypeError);
    expect(() => fromTypedArray(new Float64Array(3), [3], gpu)).toThrow(/use float32 .* cpu backend/);
    expect(() => randn(3, gpu).double()).toThrow(DTypeError);
  });

  it('readback is async only: dataSync() tells to await data()', async () => {
    const t = randn(3, gpu);
    expect((backend() as { readSync?: unknown }).readSync).toBeUndefined();
    expect(() => t.dataSync()).toThrow(BackendError);
    expect(() => t.dataSync()).toThrow(/await t\.data\(\)/);
    expect(String(t)).toMatch(/on webgpu; await t\.data\(\) to read/);
    expect((await t.data()).length).toBe(3);
  });
});

describe('buffers, pool and batching', () => {
  it('memory() counts live allocations and the pool reuses released buffers zero-filled', async () => {
    const m0 = memory('webgpu');
    const a = fromTypedArray(new Float32Array(1000).fill(1), [1000], gpu);
    expect(memory('webgpu').numBytes).toBeGreaterThanOrEqual(m0.numBytes + 4000);
    await a.data();
    const hits = memory('webgpu').poolHits as number;
    a.dispose();
    const z = zeros(1000, gpu);
    expect(memory('webgpu').poolHits).toBeGreaterThan(hits);
    expect((await vals(z)).every((v) => v === 0)).toBe(true);
    z.dispose();
    const m1 = memory('webgpu');
    expect(m1.numBytes).toBe(m0.numBytes);
    expect(m1.numBuffers).toBe(m0.numBuffers);
    expect(m1.pooledBuffers).toBeGreaterThan(0);
    expect(m1.gpuBytes).toBeGreaterThanOrEqual((m1.pooledBytes as number) + m1.numBytes);
  });

  it('a buffer freed while commands that use it are pending is reused only after their submit', async () => {
    const host = Float32Array.from({ length: 4096 }, (_, i) => i / 4096);
    const x = fromTypedArray(host, [4096], eager);
    const y = x.exp();
    const pending = eagerBackend().memory().pendingDispatches as number;
    expect(pending).toBeGreaterThan(0);
    x.dispose();
    // same size bucket: would land in x's buffer if it were pooled already, and writeBuffer runs before pending commands
    const z = fromTypedArray(new Float32Array(4096).fill(-7), [4096], eager);
    const got = await y.data();
    expect(got[4095]).toBeCloseTo(Math.exp(4095 / 4096), 5);
    expect(got[1]).toBeCloseTo(Math.exp(1 / 4096), 5);
    expect((await z.data())[0]).toBe(-7);
  });

  it('a kernel output reuses a buffer freed in the open batch; a write into it submits the batch first', async () => {
    const host = Float32Array.from({ length: 4096 }, (_, i) => i / 4096);
    const x = fromTypedArray(host, [4096], eager);
    await x.data();
    const y = x.exp();
    const s = y.sum();
    const buffer = dataOf(y).buffer;
    y.dispose();
    // the next output of y's size takes y's buffer: its kernel is recorded after the sum that reads y
    const z = x.neg();
    expect(dataOf(z).buffer).toBe(buffer);
    // queue.writeBuffer runs before unsubmitted commands: without a submit first, the kernels would overwrite it
    eagerBackend().write(dataOf(z), new Float32Array(4096).fill(5));
    expect((await s.data())[0]).toBeCloseTo(
      host.reduce((a, v) => a + Math.exp(v), 0),
      0,
    );
    expect((await z.data()).every((v) => v === 5)).toBe(true);
  });

  it('a pending result that took such a buffer and is dropped unread does not hand it to an upload early', async () => {
    const x = fromTypedArray(
      Float32Array.from({ length: 4096 }, (_, i) => i / 4096),
      [4096],
      gpu,
    );
    await x.data();
    const y = x.exp();
    const s = y.sum(); // computes y in the open batch
    const buffer = dataOf(y).buffer;
    y.dispose();
    const z = x.neg(); // pending (fusion), in y's buffer
    expect(dataOf(z).buffer).toBe(buffer);
    z.dispose(); // never computed
    const w = fromTypedArray(new Float32Array(4096).fill(-7), [4096], gpu);
    expect((await w.data()).every((v) => v === -7)).toBe(true);
    await s.data();
  });

  it('write() after pending reads of the same buffer submits them first', async () => {
    const t = tensor([1, 2, 3], gpu);
    const y = t.mul(2);
    backend().write((t as unknown as { _storage: { dataId: GpuData } })._storage.dataId, Float32Array.of(10, 20, 30));
    expect(await vals(y)).toEqual([2, 4, 6]);
    expect(await vals(t)).toEqual([10, 20, 30]);
  });

  it('records many dispatches per command encoder and caches pipelines by source', async () => {
    let x = randn(64, eager);
    await x.data();
    const s0 = eagerBackend().memory().submits as number;
    for (let i = 0; i < 200; i++) x = x.mul(0.999).add(0.001);
    const p0 = eagerBackend().memory().pipelines;
    await x.data();
    const submits = (eagerBackend().memory().submits as number) - s0;
    expect(submits).toBeLessThanOrEqual(Math.ceil(400 / 64) + 1);
    for (let i = 0; i < 10; i++) x = x.mul(0.5).add(0.5);
    expect(eagerBackend().memory().pipelines).toBe(p0);
  });

  it('buckets sizes in powers of two, then quarter steps', () => {
    expect(bucketSize(1)).toBe(16);
    expect(bucketSize(4000)).toBe(4096);
    expect(bucketSize(4100)).toBe(5120);
    expect(bucketSize(1 << 20)).toBe(1 << 20);
    expect(bucketSize((1 << 20) + 4)).toBe(1.25 * (1 << 20));
  });

  it('dropped tensors are freed by the garbage collector (FinalizationRegistry), no dispose needed', async () => {
    const gc = (globalThis as { gc?: () => void }).gc;
    expect(gc, 'the test runner passes --expose-gc').toBeTypeOf('function');
    const settle = async () => {
      for (let i = 0; i < 3; i++) {
        gc!();
        await tick();
      }
    };
    await randn(10, gpu).data();
    await settle();
    const before = memory('webgpu').numBytes;
    (() => {
      for (let i = 0; i < 100; i++) randn(256, gpu).mul(2).exp();
    })();
    expect(memory('webgpu').numBytes).toBeGreaterThan(before + 100 * 1024);
    await backend().sync();
    await settle();
    // (earlier tests' garbage may be collected too)
    expect(memory('webgpu').numBytes).toBeLessThanOrEqual(before);
  });
});

describe('device errors surface as typed errors with the op name', () => {
  it('index tensors from the host are checked right away; computed ones at the next read', async () => {
    const x = randn(2, 3, gpu);
    expect(() => x.indexSelect(0, tensor([2], gpu))).toThrow(IndexError);
    expect(() => x.gather(1, tensor([[0, 3, 1]], gpu))).toThrow(/index 3 is out of bounds for dimension 1 with size 3/);
    const computed = tensor([0, 4], gpu).add(0);
    const y = x.indexSelect(1, computed);
    let err: unknown;
    try {
      await y.data();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(IndexError);
    expect((err as IndexError).op).toBe('indexSelect');
    expect((err as Error).message).toMatch(/index 4 is out of bounds for dimension 1 with size 3/);
    // reported once; the device goes on working
    expect(await vals(x.indexSelect(1, tensor([1, 0], gpu).add(0)).sum(0))).toHaveLength(2);
  });

  it('a WebGPU validation error rejects the next read with a BackendError naming the op', async () => {
    const b = backend();
    const code = `@group(0) @binding(0) var<storage, read> prm: array<i32>;
@group(0) @binding(1) var<storage, read_write> dst: array<f32>;
@compute @workgroup_size(1) fn main() { dst[0] = f32(prm[0]); }`;
    // binding 1 is missing: createBindGroup fails validation
    b.run({ op: 'brokenKernel', code, params: [1], buffers: [], groups: 1 });
    const t = randn(4, gpu);
    const err = await t.data().then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(BackendError);
    expect((err as BackendError).op).toBe('brokenKernel');
    expect((err as Error).message).toMatch(/WebGPU validation error/);
    expect(await vals(t.mul(0).add(1))).toEqual([1, 1, 1, 1]);
  });

  it('WGSL that does not compile is a BackendError naming the op', async () => {
    backend().run({ op: 'badShader', code: 'fn main( {', params: [0], buffers: [], groups: 1 });
    const err = await randn(2, gpu)
      .data()
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(BackendError);
    expect((err as BackendError).op).toBe('badShader');
  });

  it('allocations larger than the device allows fail at once', () => {
    const max = backend().maxBufferBytes;
    expect(() => zeros(Math.ceil(max / 4) + 1024, gpu)).toThrow(BackendError);
    expect(() => zeros(Math.ceil(max / 4) + 1024, gpu)).toThrow(/larger than this device's largest storage buffer/);
  });

  it('a lost device makes every later op a BackendError', async () => {
    registerWebGPUBackend({ name: 'webgpu-lost', priority: 0 });
    const lost = (await initBackend('webgpu-lost')) as WebGPUBackend;
    const t = randn(3, { device: 'webgpu-lost' });
    expect((await t.data()).length).toBe(3);
    lost.device.destroy();
    await lost.device.lost;
    await tick();
    expect(() => t.exp()).toThrow(BackendError);
    expect(() => t.exp()).toThrow(/exp: the WebGPU device was lost/);
    await expect(t.data()).rejects.toThrow(/device was lost/);
  });
});
