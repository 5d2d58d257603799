import { describe, expect, it } from 'vitest';
import { BackendError } from '@torchlet/tensor';
import { BufferPool, bucketSize } from '../src/buffer-pool.js';
import { DeviceErrors } from '../src/errors.js';

/** Enough of a GPUDevice for the pool: records the sizes asked of createBuffer, which fails past the limit as Dawn does. */
function fakeDevice(maxBufferSize: number) {
  const sizes: number[] = [];
  const device = {
    limits: { maxBufferSize },
    createBuffer({ size, usage }: { size: number; usage: number }) {
      if (size > maxBufferSize) throw new Error('invalid due to a previous error');
      sizes.push(size);
      return { size, usage, destroy() {} };
    },
  };
  return { device: device as unknown as GPUDevice, sizes };
}

describe('buffer allocation near the device limit', () => {
  // adapters that report a limit that is not a power of two (2 GiB - 4 is common)
  const limit = 2 ** 31 - 4;
  it('a request under the limit whose pool bucket would pass it gets a buffer at the limit', () => {
    const bytes = limit - 64 * 1024 * 1024;
    expect(bucketSize(bytes)).toBeGreaterThan(limit);
    const { device, sizes } = fakeDevice(limit);
    const pool = new BufferPool(device, 2 ** 33);
    const { buffer } = pool.acquire(bytes, 0x80, 'torchlet:zeros');
    expect(buffer.size).toBe(limit);
    expect(sizes).toEqual([limit]);
    // the same bucket is reused
    pool.release(buffer);
    expect(pool.acquire(bytes - 1024, 0x80, 'torchlet:zeros').buffer).toBe(buffer);
  });
  it('a request over the limit is a BackendError naming the size and the limit', () => {
    const { device } = fakeDevice(limit);
    const pool = new BufferPool(device, 2 ** 33);
    let err: unknown;
    try {
      pool.acquire(limit + 4, 0x80, 'torchlet:matmul');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BackendError);
    expect((err as Error).message).toBe(
      `matmul: cannot allocate ${limit + 4} bytes (2048.0 MiB): this device's limit is ${limit} bytes (maxBufferSize, 2048.0 MiB); split the tensor or use the cpu backend`,
    );
  });
  it('a large buffer the device cannot provide fails with a BackendError naming its size and the limit, not "invalid due to a previous error"', async () => {
    // Dawn on SwiftShader (1 GiB maxBufferSize) cannot back a 992 MiB buffer: its creation fails
    // in an out-of-memory error scope, and the ops that use it then fail validation
    const scopes: string[] = [];
    let failNext = false;
    const oom = Object.assign(Object.create({ constructor: { name: 'GPUOutOfMemoryError' } }), {
      message: 'vkAllocateMemory failed with VK_ERROR_OUT_OF_DEVICE_MEMORY\n - While calling [Device].CreateBuffer',
    });
    const device = {
      limits: { maxBufferSize: 1073741824 },
      lost: new Promise(() => {}),
      addEventListener() {},
      pushErrorScope(kind: string) {
        scopes.push(kind);
      },
      popErrorScope() {
        const kind = scopes.pop();
        const e = kind === 'out-of-memory' && failNext ? oom : null;
        if (kind === 'out-of-memory') failNext = false;
        return Promise.resolve(e);
      },
      createBuffer({ size, usage }: { size: number; usage: number }) {
        if (size > 900 * 2 ** 20) failNext = true;
        return { size, usage, destroy() {} };
      },
    } as unknown as GPUDevice;
    const errors = new DeviceErrors(
      device,
      () => ['allocate', 'sum'],
      () => true,
    );
    const pool = new BufferPool(device, 0);
    pool.onAllocationError = (f, bytes, lim, label) => errors.allocation(f, bytes, lim, label);
    pool.acquire(1_040_000_000, 0x80, 'torchlet:allocate');
    // the ops using the buffer fail validation afterwards
    errors.record(new Error('[Invalid Buffer "torchlet:allocate"] is invalid due to a previous error.'), ['allocate', 'sum']);
    const err = (await errors.drain('read').catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(BackendError);
    expect(err.message).toMatch(
      /^allocate: could not allocate a buffer of 1040000000 bytes \(991.8 MiB\); the device's limit is 1073741824 bytes \(maxBufferSize, 1024.0 MiB\) but it could not provide this much \(vkAllocateMemory failed with VK_ERROR_OUT_OF_DEVICE_MEMORY\)/,
    );
    // small buffers are not wrapped in scopes of their own
    scopes.length = 0;
    pool.acquire(1024, 0x80, 'torchlet:zeros');
    expect(scopes).toEqual([]);
  });
});
