import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tensor } from '@torchlet/tensor';
import { fromTypedArray, Generator, getBackend, memory, randn, resetRegistry, scope, tensor, where } from '@torchlet/tensor';
import '@torchlet/autograd';
import type { WebGPUBackend } from '../src/index.js';
import { compare, expectClose, setupBackends } from './helpers.js';

// 'webgpu' fuses elementwise ops; 'webgpu-eager' runs each at once
const fused = () => getBackend('webgpu') as WebGPUBackend;
const g = new Generator(7);
const rn = (...shape: number[]) => randn(shape, { device: 'cpu', generator: g });
/** compute dispatches recorded so far */
const kernelsRun = (b: WebGPUBackend) => b.memory().dispatches as number;
const chain8 = (x: Tensor) => x.mul(1.5).add(0.25).tanh().mul(x).sub(0.1).abs().sqrt().neg();

beforeAll(() => setupBackends({ name: 'webgpu-eager', fusion: false }));
afterAll(() => resetRegistry());

describe('elementwise fusion', () => {
  it('an 8-op chain with scalar operands runs as one kernel and matches the unfused result', async () => {
    const x = rn(1000);
    const b = fused();
    const xg = x.to('webgpu');
    await xg.data();
    const before = kernelsRun(b);
    const y = chain8(xg);
    expect(kernelsRun(b), 'nothing runs before the result is needed').toBe(before);
    const got = await y.data();
    expect(kernelsRun(b) - before, 'one kernel').toBe(1);
    const eager = chain8(x.to('webgpu-eager'));
    await expectClose(y, eager, { atol: 1e-6, rtol: 1e-5 });
    await expectClose(y, chain8(x), { atol: 1e-6, rtol: 1e-5 });
    expect(got.length).toBe(1000);
  });

  it('broadcasting, views, where, clamp, comparisons and casts inside one chain match the cpu backend', async () => {
    const f = (x: Tensor, y: Tensor, z: Tensor) =>
      where(x.gt(y), x.mul(y).exp(), z.t().sub(x).relu()).clamp(-1, 3).add(y).mul(2).int().float().div(3).sigmoid();
    await compare([rn(4, 5), rn(1, 5), rn(5, 4)], f, 'webgpu', { atol: 1e-6, rtol: 1e-5 });
    await compare([rn(4, 5).t(), rn(1, 4), rn(5, 4).t().t()], (a, b, c) => a.add(b).mul(c).pow(2).sub(a.t().t()), 'webgpu', {
      atol: 1e-5,
      rtol: 1e-5,
    });
  });

  it('a pending result read through a strided view is computed first', async () => {
    await compare([rn(6, 7), rn(7, 6)], (a, b) => a.exp().t().mul(b).add(a.t()).narrow(1, 2, 3).abs(), 'webgpu');
  });

  it('intermediates read later are computed from operands that were not overwritten since', async () => {
    const xs = rn(50);
    const x = xs.to('webgpu');
    const a = x.mul(2);
    const b = a.add(1).exp();
    // in-place writes into x: the pending ops that read it are computed first
    x.add_(100);
    x.mul_(0);
    await expectClose(b, xs.mul(2).add(1).exp());
    await expectClose(a, xs.mul(2));
    expect(Array.from(await x.data()).every((v) => v === 0)).toBe(true);
  });

  it('operands freed before the chain runs stay valid until it has run', async () => {
    const xs = rn(4096);
    const x = xs.to('webgpu');
    const y = scope(() => x.mul(3).add(x.exp()).sub(2));
    x.dispose();
    // would take x's buffer if it had gone back to the pool already
    const z = tensor(new Array(4096).fill(-7), { device: 'webgpu' });
    await expectClose(y, xs.mul(3).add(xs.exp()).sub(2));
    expect((await z.data())[0]).toBe(-7);
  });

  it('more distinct operands than a kernel can bind, and chains longer than the fusion limit', async () => {
    const xs = Array.from({ length: 12 }, () => rn(33));
    const sum = (ts: Tensor[]) => ts.reduce((acc, t, i) => acc.add(t.mul(i + 1)));
    await compare(xs, (...ts) => sum(ts), 'webgpu', { atol: 1e-5, rtol: 1e-5 });
    await compare(
      [rn(10)],
      (x) => {
        let y = x;
        for (let i = 0; i < 100; i++) y = y.mul(0.99).add(0.01);
        return y;
      },
      'webgpu',
      { atol: 1e-5, rtol: 1e-5 },
    );
  });

  it('autograd through fused chains and a matmul + bias + activation gives the cpu gradients', async () => {
    const inputs = [rn(8, 5), rn(5), rn(3, 8)];
    const run = async (device: string) => {
      const [w, bias, x] = inputs.map((t) => t.to(device).detach().requiresGrad_());
      const h = x!.matmul(w!).add(bias!).relu();
      const loss = h.mul(h.sigmoid()).sub(0.5).pow(2).mean();
      loss.backward();
      return [loss, w!.grad!, bias!.grad!, x!.grad!];
    };
    const cpu = await run('cpu');
    const gpu = await run('webgpu');
    for (let i = 0; i < cpu.length; i++) await expectClose(gpu[i]!, cpu[i]!, { atol: 1e-5, rtol: 1e-4 });
  });

  it('pending results that are dropped free their memory without running', async () => {
    const x = randn([1000], { device: 'webgpu' });
    await x.data();
    const m0 = memory('webgpu');
    const k0 = kernelsRun(fused());
    for (let i = 0; i < 50; i++) scope(() => chain8(x)).dispose();
    expect(kernelsRun(fused()), 'no kernel ran').toBe(k0);
    const m1 = memory('webgpu');
    expect(m1.numBytes).toBe(m0.numBytes);
    expect(m1.numBuffers).toBe(m0.numBuffers);
  });
});

describe('scalar operands', () => {
  it('a one-element upload from a view of a larger array is taken at the view', async () => {
    const host = Float32Array.of(1, 2, 3, 4);
    const s = fromTypedArray(host.subarray(2, 3), [1], { device: 'webgpu' });
    const x = tensor([10, 20], { device: 'webgpu' });
    expect(Array.from(await x.mul(s).data())).toEqual([30, 60]);
    expect(Array.from(await s.data())).toEqual([3]);
  });

  it.each(['webgpu', 'webgpu-eager'])('on %s: scalar operands of every dtype, and a scalar written after use', async (device) => {
    const x = tensor([1, -2, 3, 250], { device, dtype: 'int32' });
    const s = tensor([7], { device, dtype: 'int32' });
    const y = x.mul(s);
    s.add_(1);
    expect(Array.from(await y.data())).toEqual([7, -14, 21, 1750]);
    expect(Array.from(await x.mul(s).data())).toEqual([8, -16, 24, 2000]);
    const u = tensor([200], { device, dtype: 'uint8' });
    expect(Array.from(await x.byte().add(u).data())).toEqual([201, 198, 203, 194]);
    const t = tensor([true], { device, dtype: 'bool' });
    expect(Array.from(await x.gt(0).logicalAnd(t).data())).toEqual([1, 0, 1, 1]);
    const f = tensor([0.5], { device });
    expect(Array.from(await x.float().mul(f).sub(f.neg()).data())).toEqual([1, -0.5, 2, 125.5]);
  });
});

describe('vec4 kernels', () => {
  /** shader keys compiled so far by a backend */
  const keys = (b: string) => [...(getBackend(b) as unknown as { pipelines: Map<string, unknown> }).pipelines.keys()];
  // float, integer, uint8 (wraps), bool results; scalar operands, casts, where, NaN-propagating maximum
  const cases: [string, (x: Tensor, y: Tensor) => Tensor][] = [
    ['float chain with a scalar', (x, y) => x.add(y).mul(x).sub(0.5)],
    ['exp, tanh, sin', (x, y) => x.exp().tanh().add(y.sin())],
    ['maximum, div', (x, y) => x.maximum(y).div(y)],
    ['where and a comparison', (x, y) => where(x.gt(y), x, y.neg())],
    ['bool result', (x, y) => x.lt(y).logicalAnd(y.gt(0))],
    ['int32', (x, y) => x.mul(100).int().mul(y.mul(50).int()).add(7)],
    ['uint8 wrap', (x, y) => x.mul(100).byte().add(y.mul(90).byte())],
  ];

  it.each(['webgpu', 'webgpu-eager'])(
    'on %s: contiguous operands at offsets and lengths that are multiples of 4 give the scalar kernels bits',
    async (device) => {
      const n = 1028;
      const xs = rn(n + 5).mul(2);
      const ys = rn(n + 5).mul(2);
      xs.narrow(0, 3, 1).fill_(Number.NaN);
      for (const [name, f] of cases) {
        const x = xs.to(device);
        const y = ys.to(device);
        // the same values at offset 4 (vec4) and at offset 1 of a copy (scalar); 1025 elements (scalar) at offset 4
        const x1 = xs.narrow(0, 3, n + 1).to(device);
        const y1 = ys.narrow(0, 3, n + 1).to(device);
        const vec = await f(x.narrow(0, 4, n), y.narrow(0, 4, n)).data();
        const scalar = await f(x1.narrow(0, 1, n), y1.narrow(0, 1, n)).data();
        const odd = await f(x.narrow(0, 4, n - 3), y.narrow(0, 4, n - 3)).data();
        expect(Array.from(vec), name).toEqual(Array.from(scalar));
        expect(Array.from(odd), name).toEqual(Array.from(vec.subarray(0, n - 3)));
        await expectClose(f(x.narrow(0, 4, n), y.narrow(0, 4, n)), f(xs.narrow(0, 4, n), ys.narrow(0, 4, n)), { atol: 1e-5, rtol: 1e-5 });
      }
      const prefix = device === 'webgpu' ? 'fused4|' : 'map4|';
      expect(
        keys(device).some((k) => k.startsWith(prefix)),
        'the vec4 form ran',
      ).toBe(true);
    },
  );
});
