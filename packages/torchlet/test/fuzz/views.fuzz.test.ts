import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { setBackend, tensor, type Tensor } from '../../src/index.js';
import { fuzz, typedOrOk } from './fuzz.js';
import { Ref } from './reference.js';

beforeAll(() => setBackend('cpu'));

const shapeArb = fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 4 });
const dimArb = fc.integer({ min: -5, max: 5 });

/** One view/shape op with arbitrary (often invalid) arguments, applied to the tensor and the reference. */
type Step = { name: string; run: (t: Tensor) => Tensor; ref: (r: Ref) => Ref | null };

const steps: fc.Arbitrary<Step> = fc.oneof(
  fc.array(fc.integer({ min: -1, max: 6 }), { maxLength: 4 }).map((s) => ({
    name: `reshape(${s})`,
    run: (t: Tensor) => t.reshape(s),
    ref: (r: Ref) => {
      if (s.filter((d) => d === -1).length > 1) return null;
      const known = s.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
      const full = s.map((d) => (d === -1 ? (known === 0 ? -1 : r.numel / known) : d));
      if (full.some((d) => d < 0 || !Number.isInteger(d)) || full.reduce((a, b) => a * b, 1) !== r.numel) return null;
      return r.reshape(full);
    },
  })),
  fc.array(dimArb, { maxLength: 4 }).map((p) => ({
    name: `permute(${p})`,
    run: (t: Tensor) => t.permute(p),
    ref: (r: Ref) => {
      const n = r.shape.length;
      if (p.length !== n || p.some((d) => d < -Math.max(n, 1) || d >= Math.max(n, 1))) return null;
      const q = p.map((d) => (d < 0 ? d + n : d));
      if (new Set(q).size !== n) return null;
      return r.permute(q);
    },
  })),
  fc.tuple(dimArb, dimArb).map(([a, b]) => ({
    name: `transpose(${a}, ${b})`,
    run: (t: Tensor) => t.transpose(a, b),
    ref: (r: Ref) => {
      const n = Math.max(r.shape.length, 1);
      if (a < -n || a >= n || b < -n || b >= n) return null;
      if (r.shape.length === 0) return r;
      const p = r.shape.map((_, i) => i);
      const x = a < 0 ? a + n : a;
      const y = b < 0 ? b + n : b;
      [p[x], p[y]] = [p[y]!, p[x]!];
      return r.permute(p);
    },
  })),
  dimArb.map((d) => ({
    name: `unsqueeze(${d})`,
    run: (t: Tensor) => t.unsqueeze(d),
    ref: (r: Ref) => {
      const n = r.shape.length + 1;
      if (d < -n || d >= n) return null;
      const k = d < 0 ? d + n : d;
      return r.reshape([...r.shape.slice(0, k), 1, ...r.shape.slice(k)]);
    },
  })),
  fc.tuple(dimArb, fc.integer({ min: -2, max: 5 }), fc.integer({ min: -1, max: 5 })).map(([d, start, len]) => ({
    name: `narrow(${d}, ${start}, ${len})`,
    run: (t: Tensor) => t.narrow(d, start, len),
    ref: (r: Ref) => {
      const n = r.shape.length;
      if (n === 0 || d < -n || d >= n) return null;
      const k = d < 0 ? d + n : d;
      const size = r.shape[k]!;
      const s = start < 0 ? start + size : start;
      if (start < -size || start > size || len < 0 || s + len > size) return null;
      return r.narrow(k, s, len);
    },
  })),
  shapeArb.map((s) => ({
    name: `expand(${s})`,
    run: (t: Tensor) => t.expand(s),
    ref: (r: Ref) => {
      if (s.length < r.shape.length) return null;
      const off = s.length - r.shape.length;
      if (r.shape.some((d, i) => d !== 1 && d !== s[i + off])) return null;
      return r.expand(s);
    },
  })),
  fc.constant({ name: 'flatten()', run: (t: Tensor) => t.flatten(), ref: (r: Ref) => r.reshape([r.numel]) }),
  fc.constant({ name: 'contiguous()', run: (t: Tensor) => t.contiguous(), ref: (r: Ref) => r }),
  shapeArb.map((s) => ({
    name: `add(tensor of shape [${s}])`,
    run: (t: Tensor) => t.add(tensor(Ref.iota(s).data, { dtype: 'float32' }).reshape(s)),
    ref: (r: Ref) => {
      const out = Ref.broadcast(r.shape, s);
      if (!out) return null;
      const a = r.expand(out);
      const b = Ref.iota(s).expand(out);
      return new Ref(
        a.data.map((v, i) => v + b.data[i]!),
        out,
      );
    },
  })),
);

function same(t: Tensor, r: Ref): void {
  expect(t.shape).toEqual(r.shape);
  expect(Array.from(t.contiguous().dataSync())).toEqual(r.data);
}

describe('fuzz: shape, view and broadcasting ops against a reference', () => {
  it('chains of views on arbitrary shapes match the reference, or fail with a TorchletError exactly when the reference refuses', async () => {
    await fuzz(
      'view/shape/broadcast chains',
      fc.tuple(shapeArb, fc.array(steps, { minLength: 1, maxLength: 5 })),
      ([shape, chain]) => {
        let r = Ref.iota(shape);
        let t = tensor(r.data, { dtype: 'float32' }).reshape(shape);
        for (const step of chain) {
          const want = step.ref(r);
          let got: Tensor | null = null;
          typedOrOk(
            () => step.run(t),
            (x) => (got = x),
          );
          if (want === null) {
            expect(got, `${step.name} on shape [${r.shape}] should be refused`).toBeNull();
            return;
          }
          expect(got, `${step.name} on shape [${r.shape}] was refused`).not.toBeNull();
          same(got!, want);
          t = got!;
          r = want;
        }
      },
      400,
    );
  });
});

describe('fuzz: reductions against a reference', () => {
  it('sum/mean/amax/amin/prod over arbitrary dims (and keepdim) match, or fail with a TorchletError', async () => {
    const ops = {
      sum: { init: 0, f: (a: number, v: number) => a + v },
      prod: { init: 1, f: (a: number, v: number) => a * v },
      amax: { init: -Infinity, f: Math.max },
      amin: { init: Infinity, f: Math.min },
      mean: { init: 0, f: (a: number, v: number) => a + v },
    } as const;
    await fuzz(
      'reductions',
      fc.tuple(
        shapeArb,
        fc.constantFrom(...(Object.keys(ops) as (keyof typeof ops)[])),
        fc.option(fc.array(dimArb, { maxLength: 3 })),
        fc.boolean(),
        fc.constantFrom('float32', 'float64', 'int32'),
      ),
      ([shape, op, dims, keepdim, dtype]) => {
        const r = Ref.iota(shape).reshape(shape);
        const x = tensor(r.data, { dtype }).reshape(shape);
        const n = shape.length;
        const call = () => {
          const d = dims ?? undefined;
          if (op === 'prod') return x.prod((d?.[0] ?? null) as number, { keepdim });
          return (x[op] as (d?: number[], o?: { keepdim: boolean }) => Tensor)(d, { keepdim });
        };
        typedOrOk(call, (got) => {
          let list = dims === null ? [] : op === 'prod' ? dims.slice(0, 1) : dims;
          if (list.length === 0) list = shape.map((_, i) => i);
          const norm = list.map((d) => (d < 0 ? d + Math.max(n, 1) : d));
          expect(norm.every((d) => d >= 0 && d < Math.max(n, 1))).toBe(true);
          expect(new Set(norm).size).toBe(norm.length);
          const real = n === 0 ? [] : norm;
          const { init, f } = ops[op];
          let want = r.reduce(real, keepdim, init, f);
          const count = real.reduce((a, d) => a * shape[d]!, 1);
          if (op === 'mean')
            want = new Ref(
              want.data.map((v) => v / count),
              want.shape,
            );
          expect(got.shape).toEqual(want.shape);
          const values = Array.from(got.dataSync());
          want.data.forEach((v, i) => {
            if (Number.isNaN(v)) expect(values[i]).toBeNaN();
            else expect(Math.abs(values[i]! - v)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(v)));
          });
        });
      },
      400,
    );
  });
});
