import type { E, Local } from '../emit/func.js';
import type { ModuleBuilder } from '../emit/module.js';
import { vmathFor } from './elementwise.js';
import { vexp, vlog } from './vmath.js';

/**
 * Row-wise softmax family over contiguous float32 rows (the last dim), pointers in bytes:
 * - `forward(out, x, rows, n)`: out = x - max - log(sum(exp(x - max))) (log) or exp(x - max) / sum
 * - `backward(out, g, y, rows, n)`: g - exp(y) * sum(g) (log) or y * (g - sum(g * y))
 * Four lanes at a time with the vector exp and log; the tail lanes are masked to neutral values.
 */
export function emitSoftmaxRows(mod: ModuleBuilder, log: boolean, fma: boolean): void {
  mod.func('forward', ['i32', 'i32', 'i32', 'i32'], [], (f) => {
    const [out, x, rows, n] = f.args(4);
    const m = vmathFor(f, fma);
    const r = f.local('i32');
    const j = f.local('i32');
    const px = f.local('i32');
    const po = f.local('i32');
    const vmax = f.local('v128');
    const vsum = f.local('v128');
    const v = f.local('v128');
    const e = f.local('v128');
    const shift = f.local('v128');
    const vec4 = f.local('i32');
    f.set(vec4, f.i32And(f.get(n), f.i32(~3)));
    // a lane per element: four at a time, then one at a time (as a splat)
    const lanes = (body: (wide: boolean) => void) => {
      f.for(
        j,
        () => f.i32(0),
        () => f.get(vec4),
        4,
        () => body(true),
      );
      f.for(
        j,
        () => f.get(vec4),
        () => f.get(n),
        1,
        () => body(false),
      );
    };
    const at = (base: Local) => f.i32Add(f.get(base), f.i32Mul(f.get(j), f.i32(4)));
    const load = (base: Local, wide: boolean): E => (wide ? f.v128Load(at(base)) : f.v128Load32Splat(at(base)));
    const hmax = (a: Local) => {
      // max over lanes (NaN wins), into every lane
      f.set(a, f.f32x4Max(f.get(a), f.i8x16Shuffle(f.get(a), f.get(a), [8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7])));
      f.set(a, f.f32x4Max(f.get(a), f.i8x16Shuffle(f.get(a), f.get(a), [4, 5, 6, 7, 0, 1, 2, 3, 12, 13, 14, 15, 8, 9, 10, 11])));
    };
    const hsum = (a: Local) => {
      f.set(a, f.f32x4Add(f.get(a), f.i8x16Shuffle(f.get(a), f.get(a), [8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7])));
      f.set(a, f.f32x4Add(f.get(a), f.i8x16Shuffle(f.get(a), f.get(a), [4, 5, 6, 7, 0, 1, 2, 3, 12, 13, 14, 15, 8, 9, 10, 11])));
    };
    f.for(
      r,
      () => f.i32(0),
      () => f.get(rows),
      1,
      () => {
        f.set(px, f.i32Add(f.get(x), f.i32Mul(f.get(r), f.i32Mul(f.get(n), f.i32(4)))));
        f.set(po, f.i32Add(f.get(out), f.i32Mul(f.get(r), f.i32Mul(f.get(n), f.i32(4)))));
        f.set(vmax, f.f32x4Const(-Infinity));
        lanes((wide) => f.set(vmax, f.f32x4Max(f.get(vmax), load(px, wide))));
        hmax(vmax);
        // sum of exp(x - max): the vector lanes, then each tail element in lane 0 only
        f.set(vsum, f.f32x4Const(0));
        lanes((wide) => {
          f.set(v, f.f32x4Sub(load(px, wide), f.get(vmax)));
          f.set(e, vexp(m, v));
          f.set(vsum, f.f32x4Add(f.get(vsum), wide ? f.get(e) : f.f32x4ReplaceLane(f.f32x4Const(0), f.f32x4ExtractLane(f.get(e), 0), 0)));
        });
        hsum(vsum);
        if (log) {
          f.set(shift, f.f32x4Add(f.get(vmax), vlog(m, vsum)));
          lanes((wide) => {
            f.set(v, f.f32x4Sub(load(px, wide), f.get(shift)));
            if (wide) f.v128Store(at(po), f.get(v));
            else f.f32Store(at(po), f.f32x4ExtractLane(f.get(v), 0));
          });
        } else {
          lanes((wide) => {
            f.set(v, f.f32x4Sub(load(px, wide), f.get(vmax)));
            f.set(e, f.f32x4Div(vexp(m, v), f.get(vsum)));
            if (wide) f.v128Store(at(po), f.get(e));
            else f.f32Store(at(po), f.f32x4ExtractLane(f.get(e), 0));
          });
        }
      },
    );
  });

  mod.func('backward', ['i32', 'i32', 'i32', 'i32', 'i32'], [], (f) => {
    const [out, g, y, rows, n] = f.args(5);
    const m = vmathFor(f, fma);
    const r = f.local('i32');
    const j = f.local('i32');
    const pg = f.local('i32');
    const py = f.local('i32');
    const po = f.local('i32');
    const vs = f.local('v128');
    const v = f.local('v128');
    const yy = f.local('v128');
    const vec4 = f.local('i32');
    f.set(vec4, f.i32And(f.get(n), f.i32(~3)));
    const lanes = (body: (wide: boolean) => void) => {
      f.for(
        j,
        () => f.i32(0),
        () => f.get(vec4),
        4,
        () => body(true),
      );
      f.for(
        j,
        () => f.get(vec4),
        () => f.get(n),
        1,
        () => body(false),
      );
    };
    const at = (base: Local) => f.i32Add(f.get(base), f.i32Mul(f.get(j), f.i32(4)));
    const load = (base: Local, wide: boolean): E => (wide ? f.v128Load(at(base)) : f.v128Load32Splat(at(base)));
    f.for(
      r,
      () => f.i32(0),
      () => f.get(rows),
      1,
      () => {
        const row = (p: Local, base: Local) => f.set(p, f.i32Add(f.get(base), f.i32Mul(f.get(r), f.i32Mul(f.get(n), f.i32(4)))));
        row(pg, g);
        row(py, y);
        row(po, out);
        // s = sum(g) (log) or sum(g * y)
        f.set(vs, f.f32x4Const(0));
        lanes((wide) => {
          f.set(v, log ? load(pg, wide) : f.f32x4Mul(load(pg, wide), load(py, wide)));
          f.set(vs, f.f32x4Add(f.get(vs), wide ? f.get(v) : f.f32x4ReplaceLane(f.f32x4Const(0), f.f32x4ExtractLane(f.get(v), 0), 0)));
        });
        f.set(vs, f.f32x4Add(f.get(vs), f.i8x16Shuffle(f.get(vs), f.get(vs), [8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7])));
        f.set(vs, f.f32x4Add(f.get(vs), f.i8x16Shuffle(f.get(vs), f.get(vs), [4, 5, 6, 7, 0, 1, 2, 3, 12, 13, 14, 15, 8, 9, 10, 11])));
        lanes((wide) => {
          f.set(yy, load(py, wide));
          if (log) f.set(v, f.f32x4Sub(load(pg, wide), f.f32x4Mul(vexp(m, yy), f.get(vs))));
          else f.set(v, f.f32x4Mul(f.get(yy), f.f32x4Sub(load(pg, wide), f.get(vs))));
          if (wide) f.v128Store(at(po), f.get(v));
          else f.f32Store(at(po), f.f32x4ExtractLane(f.get(v), 0));
        });
      },
    );
  });
}
