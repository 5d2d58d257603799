import { beforeAll, describe, expect, it } from 'vitest';
import type { Tensor } from '@torchlet/tensor';
import {
  conv2d,
  fromTypedArray,
  getBackend,
  logSoftmax,
  manualSeed,
  maxPool2d,
  nllLoss2d,
  randint,
  randn,
  softmax,
  tensor,
  where,
} from '@torchlet/tensor';
import '@torchlet/autograd';
import { grad } from '@torchlet/autograd';
import { registerCpuBackend, WasmCpuBackend } from '../src/index.js';

// Every WebAssembly kernel against the JavaScript reference kernels, on sizes around each SIMD
// width and tile edge, and on offset, transposed and broadcast layouts.
beforeAll(() => {
  // poisoned outputs: a kernel that leaves part of its output unwritten fails here
  registerCpuBackend({ name: 'cpu', poisonOutputs: true });
  registerCpuBackend({ name: 'ref', engine: 'js', priority: 0 });
  manualSeed(7);
});

/** Largest |a - b| / (atol + rtol |b|) over the elements, NaNs and infinities compared exactly. */
function excess(a: Tensor, b: Tensor, atol: number, rtol: number): number {
  expect(a.shape).toEqual(b.shape);
  expect(a.dtype).toBe(b.dtype);
  const x = a.dataSync();
  const y = b.dataSync();
  let worst = 0;
  for (let i = 0; i < x.length; i++) {
    const [u, v] = [x[i]!, y[i]!];
    if (u === v) continue;
    if (Number.isNaN(v) || !Number.isFinite(v)) {
      if (!Object.is(u, v) && !(Number.isNaN(u) && Number.isNaN(v)) && u !== v) return Infinity;
      continue;
    }
    worst = Math.max(worst, Math.abs(u - v) / (atol + rtol * Math.abs(v)));
  }
  return worst;
}

/** Run `fn` on the wasm backend and on the reference with the same inputs. */
function check(inputs: Tensor[], fn: (...xs: Tensor[]) => Tensor, atol = 1e-6, rtol = 1e-5): void {
  const w = fn(...inputs);
  const r = fn(...inputs.map((t) => t.to('ref')));
  expect(w.device).toBe('cpu');
  expect(excess(w, r.to('cpu'), atol, rtol)).toBeLessThanOrEqual(1);
}

/** d/dx of sum(f(x) * g) */
const gradOf = (f: (p: Tensor) => Tensor) => (t: Tensor, g: Tensor) => {
  const p = t.detach().requiresGrad_();
  return grad(f(p).mul(g).sum(), [p])[0]!;
};

const SIZES = [1, 2, 3, 4, 5, 7, 8, 9, 31, 32, 33, 63, 64, 65, 1023, 1024, 1025];

/** The same values in several layouts: contiguous, offset into a larger storage, transposed, broadcast. */
function layouts(rows: number, cols: number, scale = 3): Record<string, Tensor> {
  const base = randn(rows + 2, cols + 3).mul(scale);
  return {
    contiguous: randn(rows, cols).mul(scale),
    offset: base.narrow(0, 1, rows).narrow(1, 2, cols),
    transposed: randn(cols, rows).mul(scale).t(),
    broadcast: randn(1, cols).mul(scale).expand(rows, cols),
  };
}

describe('the WebAssembly engine', () => {
  it('is what registerCpuBackend() gives by default here', () => {
    expect(getBackend('cpu')).toBeInstanceOf(WasmCpuBackend);
  });
  it('uses relaxed-SIMD fused multiply-add exactly when the engine validates it', () => {
    const b = getBackend('cpu') as WasmCpuBackend;
    expect(b.rt.fma).toBe(b.rt.features.relaxedSimd);
    // the relaxed run (vitest.relaxed.config.ts) must really get the variant
    if (process.env.TORCHLET_EXPECT_RELAXED_SIMD) expect(b.rt.fma).toBe(true);
  });
});

describe('elementwise kernels match the reference', () => {
  const unary = ['neg', 'abs', 'relu', 'sqrt', 'rsqrt', 'sign', 'exp', 'log', 'tanh', 'sigmoid', 'logicalNot'] as const;
  for (const op of unary) {
    it(`${op} over sizes and layouts`, () => {
      for (const n of SIZES) check([randn(n).mul(4)], (x) => x[op]());
      for (const [, t] of Object.entries(layouts(13, 37))) check([t], (x) => x[op](), 1e-6, 4e-7);
    });
  }
  it('transcendental functions at the edges of their domains', () => {
    const edge = tensor([
      0,
      -0,
      1e-40,
      -1e-40,
      1e-30,
      Infinity,
      -Infinity,
      NaN,
      88.7,
      88.8,
      89,
      -87.5,
      -103,
      -110,
      1e30,
      0.6,
      0.625,
      0.65,
      9,
      -9,
      20,
      -20,
    ]);
    for (const op of ['exp', 'log', 'tanh', 'sigmoid', 'sqrt', 'rsqrt', 'relu', 'sign'] as const)
      check([edge], (x) => x[op](), 1e-30, 4e-7);
  });
  const binary = ['add', 'sub', 'mul', 'div', 'maximum', 'minimum', 'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'logicalAnd', 'logicalOr'] as const;
  for (const op of binary) {
    it(`${op} with broadcasting, scalars and mixed dtypes`, () => {
      for (const n of SIZES) check([randn(n), randn(n)], (a, b) => a[op](b));
      const L = layouts(9, 65);
      for (const a of Object.values(L)) for (const b of Object.values(L)) check([a, b], (x, y) => x[op](y));
      check([randn(5, 1, 33), randn(4, 1)], (a, b) => a[op](b));
      check([randn(67)], (a) => a[op](2.5));
      check([randn(3, 33)], (a) => a[op](tensor(0.5, { device: a.device })));
      // bool, uint8 and int32 operands next to float32
      check([randn(3, 33), randn(3, 33).gt(0)], (a, b) => a[op](b));
      check([randn(3, 33), randint(-3, 4, [3, 33])], (a, b) => a[op](b));
      check([randn(3, 33).gt(0), randn(3, 33).lt(0.5)], (a, b) => a[op](b));
    });
  }
  it('where selects bit for bit: sizes, layouts, broadcast and scalar branches, NaN', () => {
    for (const n of SIZES) check([randn(n).gt(0), randn(n), randn(n)], (c, x, y) => where(c, x, y), 0, 0);
    const L = layouts(9, 65);
    for (const c of Object.values(L))
      for (const x of Object.values(L)) check([c.gt(0.3), x, randn(9, 65)], (m, a, b) => where(m, a, b), 0, 0);
    check([randn(5, 1, 33).gt(0), randn(4, 1), randn(33)], (c, x, y) => where(c, x, y), 0, 0);
    check([randn(9, 65).le(0), randn(9, 65)], (c, g) => where(c, 0, g), 0, 0);
    check([randn(9, 65).gt(0), randn(9, 65)], (c, g) => where(c, g, tensor(-0.5, { device: g.device })), 0, 0);
    const nan = tensor(Array.from({ length: 70 }, (_, i) => (i % 3 ? i : NaN)));
    check([randn(70).gt(0), nan, nan.neg()], (c, x, y) => where(c, x, y), 0, 0);
  });
  it('integer and float64 ops fall back to exact JavaScript', () => {
    check([randint(-5, 6, [67]), randint(-5, 6, [67])], (a, b) => a.mul(b).add(a).sub(b));
    check([tensor([2147483000, 5]), tensor([2147483001, 5])], (a, b) => a.lt(b));
    check([randn(65).double(), randn(65).double()], (a, b) => a.div(b).exp(), 1e-12, 1e-12);
  });
});

describe('reductions match the reference', () => {
  for (const op of ['sum', 'amax', 'amin'] as const) {
    it(`${op} over every dim set, sizes and layouts`, () => {
      for (const n of SIZES) check([randn(n)], (x) => x[op]());
      const x = randn(4, 9, 33);
      for (const dims of [[0], [1], [2], [0, 1], [1, 2], [0, 2], [0, 1, 2]]) {
        check([x], (t) => t[op](dims), 1e-5, 1e-5);
        check([x.permute(2, 0, 1)], (t) => t[op](dims, { keepdim: true }), 1e-5, 1e-5);
        check([x.narrow(2, 3, 29)], (t) => t[op](dims), 1e-5, 1e-5);
      }
    });
  }
  it('a million-element sum keeps float32 accuracy', () => {
    check([randn(1 << 20)], (x) => x.sum(), 1e-4, 1e-6);
  });
  it('max and min propagate NaN', () => {
    const x = tensor([1, NaN, 3, 4, 5]);
    expect(Number.isNaN(x.amax().itemSync())).toBe(true);
    expect(Number.isNaN(x.amin().itemSync())).toBe(true);
  });
});

describe('matmul matches the reference', () => {
  for (const k of [1, 15, 16, 17, 64, 100, 257]) {
    it(`inner dimension ${k}, odd sizes and transposed operands`, () => {
      for (const [m, n] of [
        [1, 1],
        [3, 5],
        [5, 8],
        [7, 9],
        [33, 17],
        [130, 67],
      ] as const) {
        const tol = 2e-6 * Math.sqrt(k);
        check([randn(m, k), randn(k, n)], (a, b) => a.matmul(b), tol, 1e-5);
        check([randn(k, m).t(), randn(n, k).t()], (a, b) => a.matmul(b), tol, 1e-5);
      }
    });
  }
  it('batched and broadcast', () => {
    check([randn(3, 5, 17), randn(3, 17, 9)], (a, b) => a.matmul(b), 1e-5, 1e-5);
    check([randn(2, 3, 5, 17), randn(17, 9)], (a, b) => a.matmul(b), 1e-5, 1e-5);
    check([randn(4, 0), randn(0, 3)], (a, b) => a.matmul(b));
  });
});

describe('convolution and pooling match the reference', () => {
  const cases: {
    cin: number;
    cout: number;
    k: number;
    hw: number;
    o: { stride?: number | [number, number]; padding?: number | [number, number]; dilation?: number; groups?: number };
  }[] = [
    { cin: 1, cout: 10, k: 5, hw: 28, o: {} },
    { cin: 10, cout: 20, k: 5, hw: 12, o: {} },
    { cin: 3, cout: 8, k: 3, hw: 9, o: { stride: 2, padding: 1 } },
    { cin: 8, cout: 16, k: 3, hw: 11, o: { padding: 2, dilation: 2 } },
    { cin: 16, cout: 8, k: 1, hw: 7, o: { groups: 4 } },
    { cin: 20, cout: 20, k: 5, hw: 13, o: { stride: [2, 1], padding: [2, 0], groups: 5 } },
  ];
  for (const c of cases) {
    it(`conv2d ${c.cin}->${c.cout} k${c.k} ${JSON.stringify(c.o)}, forward and both gradients`, () => {
      const x = randn(3, c.cin, c.hw, c.hw + 1);
      const w = randn(c.cout, c.cin / ((c.o as { groups?: number }).groups ?? 1), c.k, c.k).mul(0.2);
      const tol = 2e-6 * Math.sqrt(c.cin * c.k * c.k);
      check([x, w], (a, b) => conv2d(a, b, null, c.o), tol, 1e-5);
      const g = (which: 0 | 1) => (a: Tensor, b: Tensor) => {
        const [xa, wa] = [a.detach().requiresGrad_(), b.detach().requiresGrad_()];
        const y = conv2d(xa, wa, null, c.o);
        return grad(y.mul(y).sum(), [xa, wa])[which]!;
      };
      check([x, w], g(0), tol * 10, 1e-4);
      check([x, w], g(1), tol * 10, 1e-4);
    });
  }
  it('max pooling indices and values, with padding, dilation and ceil mode', () => {
    for (const o of [{}, { stride: 1 }, { padding: 1 }, { dilation: 2 }, { ceilMode: true, padding: 1 }]) {
      const x = randn(2, 3, 11, 10);
      check([x], (t) => maxPool2d(t, 3, { ...o, returnIndices: true })[1]);
      check([x], (t) => maxPool2d(t, 2, o));
    }
    const withNaN = tensor([
      [
        [
          [1, NaN],
          [3, 4],
        ],
      ],
    ]);
    check([withNaN], (t) => maxPool2d(t, 2, { returnIndices: true })[1]);
    // the vectorised 2x2 path: NaNs, ties and odd widths
    const d = randn(2, 3, 7, 13).dataSync();
    for (let i = 0; i < d.length; i += 7) d[i] = NaN;
    for (let i = 3; i < d.length; i += 11) d[i] = d[i + 1] ?? 0;
    const tricky = tensor(Array.from(d)).view(2, 3, 7, 13);
    check([tricky], (t) => maxPool2d(t, 2, { returnIndices: true })[1]);
    check([tricky], (t) => maxPool2d(t, 2));
    // ceil mode: the last 2x2 window of an odd height or width hangs over the edge
    for (const shape of [
      [2, 3, 9, 10],
      [1, 2, 8, 9],
      [1, 1, 9, 9],
    ] as const) {
      const odd = randn(...shape);
      check([odd], (t) => maxPool2d(t, 2, { ceilMode: true, returnIndices: true })[1]);
      check([odd], (t) => maxPool2d(t, 2, { ceilMode: true }));
    }
  });
});

describe('copies match the reference', () => {
  it('contiguous copies of large strided views in every dtype', () => {
    const x = randn(40, 50, 30);
    for (const t of [x.permute(2, 0, 1), x.narrow(1, 3, 40).transpose(0, 2), x.index(null, ':', 3), randn(1, 50, 1).expand(40, 50, 30)]) {
      check([t], (v) => v.contiguous());
      check([t], (v) => v.int().contiguous());
      check([t], (v) => v.gt(0).contiguous());
      check([t], (v) => v.double().contiguous(), 0, 0);
    }
  });
  it('writes into large views in place: copies, fills and in-place ops', () => {
    const run = (d: string) => {
      const big = randn(300, 400, { device: d });
      big.narrow(0, 10, 100).copy_(randn(100, 400, { device: d }).mul(0).add(2));
      big.narrow(1, 5, 7).fill_(-3);
      big.fill_(1).mul_(3);
      const other = randn(300, 400, { device: d });
      other.copy_(big.t().contiguous().t());
      other.add_(1);
      return [big, other];
    };
    const [w, r] = [run('cpu'), run('ref')];
    expect(Array.from(w[0]!.dataSync())).toEqual(Array.from(r[0]!.dataSync()));
    expect(Array.from(w[1]!.dataSync())).toEqual(Array.from(r[1]!.dataSync()));
    expect(w[1]!.sum().itemSync()).toBe(4 * 300 * 400);
  });
});

describe('indexing matches the reference', () => {
  it('gather, scatterAdd, indexSelect, indexAdd along every dim and on views', () => {
    const x = randn(5, 7, 9);
    for (let d = 0; d < 3; d++) {
      const idx = randint(
        0,
        x.shape[d]!,
        [5, 7, 9].map((s, i) => (i === d ? 4 : s - 1)),
      );
      check([x, idx], (t, i) => t.gather(d, i));
      check([x.permute(2, 0, 1), randint(0, 9, [3, 5, 7])], (t, i) => t.gather(0, i));
      const src = randn(...idx.shape);
      check([x, idx, src], (t, i, s) => t.scatterAdd(d, i, s));
      const sel = randint(0, x.shape[d]!, [6]);
      check([x, sel], (t, i) => t.indexSelect(d, i));
      const add = randn(...x.shape.map((s, i) => (i === d ? 6 : s)));
      check([x, sel, add], (t, i, s) => t.indexAdd(d, i, s));
    }
  });
  it('out-of-range indices raise the same IndexError', () => {
    const x = randn(3, 4);
    expect(() => x.gather(1, tensor([[0, 4]]).expand(3, 2))).toThrow(/index 4 is out of bounds for dimension 1 with size 4/);
    expect(() => x.indexSelect(0, tensor([3]))).toThrow(/index 3 is out of bounds for dimension 0 with size 3/);
  });
});

describe('fused composites match the reference', () => {
  it('softmax, logSoftmax and their gradients along every dim', () => {
    const x = randn(4, 10, 3).mul(5);
    for (let d = 0; d < 3; d++) {
      check([x], (t) => softmax(t, d));
      check([x], (t) => logSoftmax(t, d));
      const g = randn(4, 10, 3);
      check(
        [x, g],
        gradOf((p) => softmax(p, d)),
      );
      check(
        [x, g],
        gradOf((p) => logSoftmax(p, d)),
      );
    }
  });
  it('softmax and logSoftmax rows of every length (the vectorised last-dim path)', () => {
    for (const n of SIZES) {
      const x = randn(3, n).mul(6);
      check([x], (t) => softmax(t, 1), 1e-6, 2e-6);
      check([x], (t) => logSoftmax(t, 1), 1e-5, 2e-6);
      const g = randn(3, n);
      check(
        [x, g],
        gradOf((p) => softmax(p, 1)),
        1e-6,
        1e-5,
      );
      check(
        [x, g],
        gradOf((p) => logSoftmax(p, 1)),
        1e-5,
        1e-5,
      );
    }
    check(
      [
        tensor([
          [0, -Infinity, 1],
          [NaN, 1, 2],
        ]),
      ],
      (t) => logSoftmax(t, 1),
      1e-6,
      1e-6,
    );
  });
  it('nllLoss and its gradient, with ignored targets and every reduction', () => {
    const logp = logSoftmax(randn(17, 10), 1);
    const target = tensor([...Array.from({ length: 16 }, (_, i) => i % 10), -100]);
    for (const reduction of ['mean', 'sum', 'none'] as const) {
      check([logp, target], (l, t) => nllLoss2d(l, t, { ignoreIndex: -100, reduction }));
      check([logp, target], (l, t) => {
        const p = l.detach().requiresGrad_();
        return grad(nllLoss2d(p, t, { ignoreIndex: -100, reduction }).sum(), [p])[0]!;
      });
    }
    expect(() => nllLoss2d(logp, tensor(Array.from({ length: 17 }, () => 10)), { ignoreIndex: -100, reduction: 'mean' })).toThrow(
      /out of bounds/,
    );
  });
  it('cross entropy through nn-style composition', () => {
    const x = randn(9, 5);
    const t = randint(0, 5, [9]);
    check([x, t], (a, b) => nllLoss2d(logSoftmax(a, 1), b, { ignoreIndex: -100, reduction: 'mean' }));
  });
});

describe('worker threads', () => {
  it('share large matmuls, convolutions and elementwise ops once started, with the single-threaded results', async () => {
    registerCpuBackend({ name: 'two', threads: 2, priority: -1 });
    registerCpuBackend({ name: 'one', threads: 1, priority: -1 });
    const two = getBackend('two') as WasmCpuBackend;
    if (!two.heap.shared) throw new Error('this engine has no shared WebAssembly memory; threads cannot be tested');
    const a = randn(256, 300);
    const b = randn(300, 200);
    const x = randn(16, 6, 20, 20);
    const w = randn(12, 6, 3, 3);
    // workers start in the background: keep working until they take jobs
    const t0 = Date.now();
    while (two.memory().threadJobs === 0 && Date.now() - t0 < 20_000) {
      a.to('two').matmul(b.to('two'));
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(two.memory().threadJobs).toBeGreaterThan(0);
    const mm = [a.to('two').matmul(b.to('two')), a.to('one').matmul(b.to('one'))];
    expect(Array.from(mm[0]!.dataSync())).toEqual(Array.from(mm[1]!.dataSync()));
    const jobs = two.memory().threadJobs as number;
    const conv = (d: string) => {
      const [xa, wa] = [x.to(d).requiresGrad_(), w.to(d).requiresGrad_()];
      const y = conv2d(xa, wa, null, { padding: 1 });
      const [gx, gw] = grad(y.mul(y).sum(), [xa, wa]);
      return [y, gx!, gw!].map((t) => Array.from(t.dataSync()));
    };
    const [c2, c1] = [conv('two'), conv('one')];
    expect(two.memory().threadJobs).toBeGreaterThan(jobs);
    expect(c2[0]).toEqual(c1[0]);
    expect(c2[1]).toEqual(c1[1]);
    // the filter gradient sums per-thread partial results: same values up to rounding
    c2[2]!.forEach((v, i) => {
      expect(Math.abs(v - c1[2]![i]!)).toBeLessThan(1e-3 * (1 + Math.abs(c1[2]![i]!)));
    });
    // large dense elementwise ops split into chunks (an odd length: the last chunk has a tail),
    // with a broadcast scalar, a view that starts partway into its storage, and a bool result
    const n = (1 << 19) + 13;
    const big = randn(n + 3);
    const ew = (d: string) => {
      const u = big.to(d).narrow(0, 3, n);
      const v = big.to(d).narrow(0, 0, n);
      return [u.mul(v).add(2).exp(), u.gt(v)].map((t) => Array.from(t.dataSync()));
    };
    const before = two.memory().threadJobs as number;
    const [e2, e1] = [ew('two'), ew('one')];
    expect(two.memory().threadJobs).toBeGreaterThan(before);
    // count mismatches (a diff of two half-million-element arrays would take minutes to print)
    const mismatches = (p: number[], q: number[]) => p.filter((v, i) => !Object.is(v, q[i])).length + Math.abs(p.length - q.length);
    expect(mismatches(e2[0]!, e1[0]!)).toBe(0);
    expect(mismatches(e2[1]!, e1[1]!)).toBe(0);
  }, 60_000);
});

describe('storage in WebAssembly memory', () => {
  it("fromTypedArray still shares the caller's array, through SIMD kernels and in-place ops", () => {
    const data = new Float32Array([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const t = fromTypedArray(data, [9]);
    expect(Array.from(t.mul(2).dataSync())).toEqual([2, 4, 6, 8, 10, 12, 14, 16, 18]);
    t.mul_(10);
    expect(data[8]).toBe(90);
    data[0] = -1;
    expect(t.dataSync()[0]).toBe(-1);
  });
  it('grows its memory without invalidating earlier tensors', () => {
    const b = getBackend('cpu') as WasmCpuBackend;
    const small = tensor([1.5, 2.5]);
    const before = b.heap.sizeBytes;
    const big = randn((64 << 20) >> 2); // 64 MiB
    expect(b.heap.sizeBytes).toBeGreaterThan(before);
    expect(Array.from(small.dataSync())).toEqual([1.5, 2.5]);
    big.dispose();
  });
  it('spills the least recently used tensors to the JS heap over budget, and keeps their values', () => {
    registerCpuBackend({ name: 'tiny', memoryBudget: 1 << 20, priority: -1 });
    const keep = randn(1000, { device: 'tiny' });
    const copy = Array.from(keep.dataSync());
    // about 16 MiB of short-lived tensors nobody disposes
    for (let i = 0; i < 20; i++) randn(100_000, { device: 'tiny' }).add(1);
    const b = getBackend('tiny') as WasmCpuBackend;
    expect(b.memory().spills).toBeGreaterThan(0);
    expect(Array.from(keep.add(0).dataSync())).toEqual(copy);
  });
  it("frees a tensor's block on dispose and reuses it", () => {
    const b = getBackend('cpu') as WasmCpuBackend;
    const t = randn(65536);
    const live = b.heap.liveBytes;
    t.dispose();
    expect(b.heap.liveBytes).toBe(live - 262144);
    const u = randn(65536);
    expect(b.heap.liveBytes).toBe(live);
    u.dispose();
  });
  it('keeps small tensors in JavaScript arrays that the garbage collector frees, and large ones in WebAssembly memory', () => {
    const b = getBackend('cpu') as WasmCpuBackend;
    const live = b.heap.liveBytes;
    const small = randn(100).exp();
    expect(b.heap.liveBytes).toBe(live);
    const large = randn(100_000).exp();
    expect(b.heap.liveBytes).toBeGreaterThan(live);
    // results cross over correctly both ways
    const mixed = large.narrow(0, 0, 100).mul(small).dataSync();
    const [l, s] = [large.dataSync(), small.dataSync()];
    expect(Array.from(mixed)).toEqual(Array.from(s, (v, i) => Math.fround(v * l[i]!)));
  });
});
