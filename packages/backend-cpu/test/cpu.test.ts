import { beforeAll, describe, expect, it } from 'vitest';
import {
  BackendError,
  DeviceError,
  KernelNotFoundError,
  Tensor,
  fromBuffer,
  fromTypedArray,
  getBackend,
  listBackends,
  memory,
  ones,
  registerBackend,
  tensor,
  zeros,
} from '@torchlet/tensor';
import '@torchlet/autograd';
import { CpuBackend, registerCpuBackend } from '../src/index.js';

beforeAll(() => {
  registerCpuBackend();
  // a second, kernel-less backend to test device errors
  registerBackend('bare', () => new CpuBackend('bare'), { priority: 0 });
});

describe('cpu backend', () => {
  it('is the default backend once registered', () => {
    expect(ones(1).device).toBe('cpu');
    expect(listBackends().map((b) => b.name)).toContain('cpu');
  });
  it('fromTypedArray shares memory both ways, like torch.from_numpy', () => {
    const data = new Float32Array([1, 2, 3, 4, 5, 6]);
    const t = fromTypedArray(data, [2, 3]);
    data[0] = 100;
    expect(t.dataSync()[0]).toBe(100);
    t.select(0, 1).fill_(-1);
    expect(Array.from(data)).toEqual([100, 2, 3, -1, -1, -1]);
    expect(t.dtype).toBe('float32');
  });
  it('fromBuffer views raw bytes without copying', () => {
    const buf = new ArrayBuffer(16);
    const t = fromBuffer(buf, 'int32', [2, 2]);
    new Int32Array(buf)[3] = 7;
    expect(Array.from(t.dataSync())).toEqual([0, 0, 0, 7]);
    expect(() => fromBuffer(buf, 'int32', [2], { byteOffset: 2 })).toThrow(/byteOffset 2 is not a multiple of 4/);
    expect(() => fromBuffer(buf, 'float64', [3])).toThrow(/needs 24 bytes/);
  });
  it('dataSync, itemSync and toArraySync read synchronously', () => {
    const t = tensor([
      [1.5, 2],
      [3, 4],
    ]);
    expect(Array.from(t.t().dataSync())).toEqual([1.5, 3, 2, 4]);
    expect(t.sum().itemSync()).toBe(10.5);
    expect(t.t().toArraySync()).toEqual([
      [1.5, 3],
      [2, 4],
    ]);
  });
  it('dataSync returns a copy the caller may keep', () => {
    const t = tensor([1, 2]);
    const d = t.dataSync();
    d[0] = 9;
    expect(t.dataSync()[0]).toBe(1);
  });
  it('ops on tensors of two devices name both', () => {
    const a = ones(2);
    const b = ones(2, { device: 'bare' });
    expect(() => a.add(b)).toThrow(DeviceError);
    expect(() => a.add(b)).toThrow(/'cpu' and 'bare'.*\.to\('cpu'\)/);
  });
  it('a missing kernel names the op, the backend and what it has', () => {
    const b = zeros(2, { device: 'bare' });
    expect(() => b.exp()).toThrow(KernelNotFoundError);
    expect(() => b.exp()).toThrow(/backend 'bare' has no kernel for 'exp' \(it has 0 kernels\)/);
  });
  it('tensors move between backends with .to() and keep their gradient path', () => {
    const a = tensor([1, 2], { dtype: 'float32', requiresGrad: true });
    const b = a.to('bare');
    expect(b.device).toBe('bare');
    expect(Array.from(b.to('cpu').dataSync())).toEqual([1, 2]);
    expect(b.gradFn?.name).toBe('ToBackward0');
  });
  it('unknown backends and devices give a clear error', () => {
    expect(() => ones(2, { device: 'tpu' })).toThrow(/no backend named 'tpu' is registered \(registered: cpu, bare\)/);
    expect(() => getBackend('webgpu')).toThrow(/registerWebGPUBackend\(\)/);
  });
  it('memory() counts live allocations', () => {
    const before = memory('cpu');
    // a tensor large enough to live in WebAssembly memory (small ones are plain JS arrays)
    const t = zeros(65536);
    expect(memory('cpu').numBytes).toBe(before.numBytes + 262144);
    t.dispose();
    expect(memory('cpu').numBytes).toBe(before.numBytes);
    expect(t.isDisposed).toBe(true);
    expect(() => t.exp()).toThrow(/used after dispose/);
  });
  it('`using` disposes at the end of the block', () => {
    const before = memory('cpu').numBytes;
    {
      using t = zeros(65536);
      expect(memory('cpu').numBytes).toBe(before + 262144);
      expect(t).toBeInstanceOf(Tensor);
    }
    expect(memory('cpu').numBytes).toBe(before);
  });
  it('an async factory needs ready()', async () => {
    registerBackend('slow', async () => new CpuBackend('slow'), { priority: -1 });
    expect(() => getBackend('slow')).toThrow(BackendError);
  });
});
