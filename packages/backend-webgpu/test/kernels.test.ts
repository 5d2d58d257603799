import { beforeAll, describe, expect, it } from 'vitest';
import type { DType } from '@torchlet/tensor';
import {
  arange,
  BINARY_OPS,
  binary,
  conv2d,
  conv2dBackpropFilter,
  conv2dBackpropInput,
  Generator,
  maxPool2d,
  randint,
  randn,
  tensor,
  UNARY_OPS,
  unary,
  where,
  type BinaryOpName,
  type UnaryOpName,
} from '@torchlet/tensor';
import { compare, setupBackends } from './helpers.js';

const cpu = { device: 'cpu' };
const g = new Generator(1234);
const rn = (...shape: number[]) => randn(shape, { ...cpu, generator: g });
const ri = (lo: number, hi: number, ...shape: number[]) => randint(lo, hi, shape, { ...cpu, generator: g });

beforeAll(() => setupBackends({ name: 'webgpu-tiny', maxWorkgroupsPerDimension: 16, batchSize: 4, fusion: false }));

// 'webgpu' fuses elementwise ops, 'webgpu-tiny' runs each at once (and splits grids, batches by 4)
describe.each(['webgpu', 'webgpu-tiny'])('kernels on %s match the cpu backend', (device) => {
  it('every unary op on float32 views (transposed, sliced, broadcast)', async () => {
    for (const op of Object.keys(UNARY_OPS) as UnaryOpName[]) {
      const x = op === 'log' || op === 'sqrt' || op === 'rsqrt' ? rn(5, 7).abs().add(0.1) : rn(5, 7).mul(3);
      await compare([x], (t) => unary(op, t.t()), device, { atol: 1e-5, rtol: 1e-4 });
      await compare([x], (t) => unary(op, t.index(':', [1, 3, 5])), device);
      await compare([x], (t) => unary(op, t.narrow(0, 1, 1).expand(4, 7)), device);
    }
  });

  it('unary ops on int32, uint8 and bool', async () => {
    for (const op of ['neg', 'abs', 'sign', 'relu', 'logicalNot', 'exp', 'sqrt'] as UnaryOpName[]) {
      for (const dtype of ['int32', 'uint8', 'bool'] as DType[]) {
        const x = ri(-300, 300, 4, 6).to(dtype);
        await compare([x], (t) => unary(op, t.t()), device);
      }
    }
  });

  it('every binary op with broadcasting and mixed layouts', async () => {
    for (const op of Object.keys(BINARY_OPS) as BinaryOpName[]) {
      const a = op === 'pow' ? rn(3, 1, 5).abs().add(0.2) : rn(3, 1, 5);
      const b = rn(4, 1);
      await compare([a, b], (x, y) => binary(op, x, y), device, { atol: 2e-5, rtol: 2e-4 });
      await compare([a, b], (x, y) => binary(op, x.transpose(0, 2), y.view(1, 4, 1)), device, { atol: 2e-5, rtol: 2e-4 });
      await compare([a], (x) => binary(op, x, 0.5), device, { atol: 2e-5, rtol: 2e-4 });
    }
  });

  it('integer arithmetic wraps like the host typed arrays; pow handles zero and negative bases', async () => {
    const big = tensor([2147483647, -2147483648, 65536, 7, -9], { ...cpu, dtype: 'int32' });
    await compare([big], (x) => x.add(1), device);
    await compare([big], (x) => x.mul(x), device);
    await compare([big], (x) => x.sub(3), device);
    const u = tensor([0, 3, 200, 255], { ...cpu, dtype: 'uint8' });
    await compare([u], (x) => x.sub(5), device);
    await compare([u], (x) => x.mul(3), device);
    await compare([u], (x) => x.add(x), device);
    const base = tensor([-3, -2, 0, 1, 2, 5], { ...cpu, dtype: 'int32' });
    await compare([base, tensor([3, 2, 0, -1, 10, 3], { ...cpu, dtype: 'int32' })], (x, e) => x.pow(e), device);
    await compare([base, tensor([-1, -1, 2, -2, -1, 0], { ...cpu, dtype: 'int32' })], (x, e) => x.pow(e), device);
    const f = tensor([-2, -1.5, 0, 0, 2, 3], cpu);
    await compare([f, tensor([3, 2, 0, -1, 0.5, -2], cpu)], (x, e) => x.pow(e), device);
    await compare([f], (x) => x.pow(0.5), device);
  });

  it('NaN propagates through maximum, minimum, clamp and max/argmax like the cpu', async () => {
    const x = tensor([1, NaN, -2, 4, NaN, 0], cpu);
    const y = tensor([3, 1, NaN, 2, 5, -1], cpu);
    await compare([x, y], (a, b) => a.maximum(b), device);
    await compare([x, y], (a, b) => a.minimum(b), device);
    await compare([x], (a) => a.clamp(-1, 1), device);
    await compare([x], (a) => a.view(2, 3).amax(1), device);
    await compare([x], (a) => a.view(2, 3).amin(0), device);
    await compare([x], (a) => a.view(2, 3).argmax(1), device);
    await compare([x], (a) => a.argmin(), device);
    await compare([x], (a) => a.int(), device);
    await compare([x], (a) => a.bool(), device);
  });

  it('where, clamp and every cast', async () => {
    const c = rn(3, 4).gt(0);
    await compare([c, rn(3, 1), rn(4)], (cc, a, b) => where(cc, a, b), device);
    await compare([c, ri(-5, 5, 3, 4)], (cc, a) => where(cc.t().t(), a, 7), device);
    await compare([rn(5, 5)], (a) => a.clamp(-0.5, null), device);
    await compare([ri(-9, 9, 5, 5)], (a) => a.clamp(-2, 3), device);
    await compare([ri(-9, 9, 5, 5)], (a) => a.clamp(-2.5, 3.5), device);
    const dtypes: DType[] = ['float32', 'int32', 'uint8', 'bool'];
    const src = tensor([-300.7, -1.5, -0.5, 0, 0.5, 1.7, 255.2, 256, 1e10, -1e10], cpu);
    for (const from of dtypes) for (const to of dtypes) await compare([src.to(from)], (a) => a.view(2, 5).t().to(to), device);
  });

  it('reductions over any dims of strided views, long reductions and integer inputs', async () => {
    const x = rn(4, 5, 6);
    for (const dims of [[0], [1], [2], [0, 2], [1, 2], [0, 1, 2]]) {
      for (const keepdim of [false, true]) {
        await compare([x], (a) => a.permute(2, 0, 1).sum(dims, { keepdim }), device);
        await compare([x], (a) => a.permute(2, 0, 1).amax(dims, { keepdim }), device);
        await compare([x], (a) => a.amin(dims, { keepdim }), device);
        if (dims.length === 1) await compare([x], (a) => a.mul(0.5).prod(dims[0], { keepdim }), device, { atol: 1e-6, rtol: 1e-3 });
      }
    }
    const long = rn(70000);
    await compare([long], (a) => a.sum(), device, { atol: 1e-2, rtol: 1e-4 });
    await compare([long], (a) => a.amax(), device);
    await compare([long], (a) => a.view(7, 10000).sum(1), device, { atol: 1e-3, rtol: 1e-4 });
    await compare([long], (a) => a.view(10000, 7).sum(0), device, { atol: 1e-3, rtol: 1e-4 });
    await compare([ri(-50, 50, 30, 40)], (a) => a.sum(0), device);
    await compare([ri(-2, 3, 30, 40)], (a) => a.t().prod(1), device);
    await compare([rn(30, 40).gt(0)], (a) => a.sum(1), device);
    await compare([rn(30, 40).gt(0)], (a) => a.amax(0), device);
  });

  it('argmax / argmin over a dim or everything, first index on ties', async () => {
    const x = rn(6, 50);
    await compare([x], (a) => a.argmax(1), device);
    await compare([x], (a) => a.t().argmin(1, { keepdim: true }), device);
    await compare([x], (a) => a.argmax(), device);
    await compare([x], (a) => a.argmin(null, { keepdim: true }), device);
    await compare([ri(0, 3, 5, 40)], (a) => a.argmax(1), device);
    await compare([ri(0, 3, 5, 400)], (a) => a.t().argmin(0), device);
  });

  it('matmul: odd sizes, transposed operands, broadcast batches, integers, vectors', async () => {
    await compare([rn(33, 70), rn(70, 45)], (a, b) => a.matmul(b), device);
    await compare([rn(70, 33), rn(45, 70)], (a, b) => a.t().matmul(b.t()), device);
    await compare([rn(2, 1, 5, 7), rn(3, 7, 4)], (a, b) => a.matmul(b), device);
    await compare([rn(5, 7, 3), rn(3)], (a, b) => a.matmul(b), device);
    await compare([rn(7), rn(7, 9)], (a, b) => a.matmul(b), device);
    await compare([ri(-9, 9, 17, 19), ri(-9, 9, 19, 3)], (a, b) => a.matmul(b), device);
    await compare([rn(0, 3), rn(3, 4)], (a, b) => a.matmul(b), device);
    await compare([rn(3, 0), rn(0, 4)], (a, b) => a.matmul(b), device);
  });

  it('gather, scatterAdd, indexSelect and indexAdd with duplicates and strided operands', async () => {
    const x = rn(4, 6);
    const idx = ri(0, 6, 4, 9);
    await compare([x, idx], (a, i) => a.gather(1, i), device);
    await compare([x, idx], (a, i) => a.t().gather(0, i.t().narrow(0, 0, 5).contiguous().narrow(1, 0, 4)), device);
    await compare([x, ri(0, 4, 3, 6)], (a, i) => a.gather(0, i.to('uint8')), device);
    const base = rn(4, 6);
    await compare([base, idx, rn(4, 9)], (b, i, s) => b.scatterAdd(1, i, s), device);
    await compare([base, ri(0, 4, 7, 3), rn(7, 5)], (b, i, s) => b.scatterAdd(0, i, s), device);
    await compare([ri(-5, 5, 4, 6), ri(0, 6, 4, 9), ri(-5, 5, 4, 9)], (b, i, s) => b.scatterAdd(1, i, s), device);
    // fewer index entries than outputs (a thread per index entry), duplicates, strided operands
    const few = ri(0, 10, 4, 5);
    await compare(
      [rn(6, 10), few, rn(5, 7)],
      (b, i, s) =>
        b
          .t()
          .contiguous()
          .t()
          .scatterAdd(1, i, s.narrow(1, 1, 5)),
      device,
    );
    await compare([rn(10, 6), few, rn(7, 4)], (b, i, s) => b.scatterAdd(0, i.t(), s.narrow(0, 2, 5)), device);
    await compare([ri(-5, 5, 6, 10), few, ri(-5, 5, 4, 5)], (b, i, s) => b.scatterAdd(1, i, s), device);
    const sel = tensor([3, 0, 3, 1], { ...cpu, dtype: 'int32' });
    await compare([x, sel], (a, i) => a.indexSelect(1, i), device);
    await compare([x, sel], (a, i) => a.t().indexSelect(0, i), device);
    await compare([x, sel, rn(4, 4)], (b, i, s) => b.indexAdd(1, i, s), device);
    await compare([x, sel, rn(4, 6)], (b, i, s) => b.indexAdd(0, i, s.t().contiguous().t()), device);
    await compare([x, sel.mul(2).sub(1)], (a, i) => a.index(':', i), device);
  });

  it('conv2d and both gradients: stride, padding, dilation, groups, strided inputs', async () => {
    const cases = [
      { x: [2, 3, 9, 8], w: [4, 3, 3, 3], o: { stride: 1, padding: 0 } },
      {
        x: [2, 4, 11, 10],
        w: [6, 2, 3, 2],
        o: { stride: [2, 1] as [number, number], padding: [1, 2] as [number, number], dilation: [2, 1] as [number, number], groups: 2 },
      },
      { x: [1, 1, 7, 7], w: [2, 1, 5, 5], o: { stride: 3, padding: 2 } },
      { x: [2, 3, 7, 7], w: [3, 1, 3, 3], o: { stride: 2, padding: 1, groups: 3 } },
      { x: [3, 40, 6, 6], w: [36, 40, 3, 3], o: { stride: 1, padding: 1 } },
      // 9 to 16 channels: the 16-row GEMM tile
      { x: [2, 12, 8, 7], w: [10, 12, 3, 3], o: { stride: 1, padding: 1 } },
      { x: [2, 9, 9, 9], w: [16, 9, 2, 3], o: { stride: 2, padding: 0 } },
    ];
    // float32 sums of up to a few hundred products against the cpu's float64 sums
    const tol = { atol: 1e-4, rtol: 1e-4 };
    for (const c of cases) {
      const x = rn(...c.x);
      const w = rn(...c.w);
      await compare([x, w], (a, b) => conv2d(a, b, null, c.o), device, tol);
      await compare([x, w], (a, b) => conv2d(a.permute(0, 1, 3, 2).contiguous().permute(0, 1, 3, 2), b, null, c.o), device, tol);
      const y = conv2d(x, w, null, c.o);
      const attrs = {
        stride: (typeof c.o.stride === 'number' ? [c.o.stride, c.o.stride] : c.o.stride) as [number, number],
        padding: (typeof c.o.padding === 'number' ? [c.o.padding, c.o.padding] : c.o.padding) as [number, number],
        dilation: ('dilation' in c.o ? c.o.dilation : [1, 1]) as [number, number],
        groups: 'groups' in c.o ? c.o.groups! : 1,
      };
      const gy = rn(...y.shape);
      await compare([gy, w], (a, b) => conv2dBackpropInput(a, b, [...c.x], attrs), device, tol);
      await compare([x, gy], (a, b) => conv2dBackpropFilter(a, b, [...c.w], attrs), device, tol);
    }
  });

  it('maxPool2d indices and values: padding, dilation, ceil mode, 3-D input, ties', async () => {
    const x = rn(2, 3, 9, 10);
    for (const o of [
      {},
      { stride: 1 },
      { padding: 1 },
      { dilation: 2 },
      { ceilMode: true, stride: 2 },
      { stride: [2, 3] as [number, number], padding: [1, 0] as [number, number] },
    ]) {
      await compare([x], (a) => maxPool2d(a, 3, { ...o, returnIndices: true })[1], device);
      await compare([x], (a) => maxPool2d(a.transpose(2, 3).contiguous().transpose(2, 3), 2, o), device);
    }
    await compare([ri(0, 2, 3, 6, 6).float()], (a) => maxPool2d(a, 2, { returnIndices: true })[1], device);
    await compare([ri(-9, 9, 2, 3, 6, 6)], (a) => maxPool2d(a, 3, { stride: 2, padding: 1 }), device);
    await compare([ri(0, 200, 2, 3, 6, 6).to('uint8')], (a) => maxPool2d(a, 2, { returnIndices: true })[1], device);
  });

  it('in-place writes through strided views, fill and full of every dtype', async () => {
    for (const dtype of ['float32', 'int32', 'uint8', 'bool'] as DType[]) {
      const run = (d: string) => {
        const a = arange(24, { device: d }).to(dtype).view(4, 6);
        a.t()
          .narrow(0, 1, 3)
          .fill_(dtype === 'bool' ? false : 7);
        a.index(':', [0, 5]).copy_(arange(8, { device: d }).view(4, 2).to(dtype));
        a.select(0, 2).add_(tensor(1, { device: d, dtype }));
        return a;
      };
      const e = run('cpu');
      const got = run(device);
      expect(Array.from(await got.data())).toEqual(Array.from(await e.data()));
    }
    await compare([rn(3, 4)], (a) => a.mul(0).add(2.5).t(), device);
  });

  it('tensors larger than one grid row (2-D dispatch on webgpu-tiny)', async () => {
    const x = rn(50, 200);
    await compare([x], (a) => a.t().exp(), device);
    await compare([x, rn(200)], (a, b) => a.mul(b), device);
    await compare([x], (a) => a.sum(1), device, { atol: 1e-4, rtol: 1e-4 });
    await compare([x], (a) => a.t().sum(1), device, { atol: 1e-4, rtol: 1e-4 });
    await compare([x], (a) => a.argmax(0), device);
    await compare([x, ri(0, 50, 70, 200)], (a, i) => a.gather(0, i), device);
    await compare([rn(20, 3, 4), rn(20, 4, 5)], (a, b) => a.matmul(b), device);
  });

  it('elementwise sizes on both sides of each workgroup size (16, 64, 256 threads; vec4 and scalar)', async () => {
    for (const n of [1, 15, 16, 17, 63, 64, 65, 68, 255, 256, 257, 1020, 1024, 1025, 1028]) {
      const x = rn(n);
      await compare([x, rn(n)], (a, b) => a.add(b).mul(a), device);
      await compare([x], (a) => a.mul(2).exp(), device, { atol: 1e-5, rtol: 1e-5 });
      await compare([x], (a) => a.narrow(0, 1 % n, n - (1 % n)).neg(), device);
    }
  });

  it('zero-size tensors', async () => {
    await compare([rn(0, 4)], (a) => a.exp(), device);
    await compare([rn(0, 4)], (a) => a.sum(0), device);
    await compare([rn(3, 0)], (a) => a.sum(1), device);
  });
});
