import type { ModuleBuilder } from '../emit/module.js';

/**
 * Strided copies of `size`-byte elements (1, 4 or 8), pointers and strides in bytes:
 * - `gather2d(out, x, rows, cols, rowStride, colStride)`: out (contiguous) = the [rows, cols] view
 * - `fill(out, value, n)`: n 4-byte elements set to the bit pattern `value` (i32), four at a time
 */
export function emitCopy(mod: ModuleBuilder, size: 1 | 4 | 8): void {
  mod.func('gather2d', ['i32', 'i32', 'i32', 'i32', 'i32', 'i32'], [], (f) => {
    const [out, x, rows, cols, rs, cs] = f.args(6);
    const r = f.local('i32');
    const c = f.local('i32');
    const src = f.local('i32');
    const dst = f.local('i32');
    f.set(dst, f.get(out));
    f.for(
      r,
      () => f.i32(0),
      () => f.get(rows),
      1,
      () => {
        f.set(src, f.i32Add(f.get(x), f.i32Mul(f.get(r), f.get(rs))));
        f.if(
          f.i32Eq(f.get(cs), f.i32(size)),
          () => {
            // a contiguous row
            f.memoryCopy(f.get(dst), f.get(src), f.i32Mul(f.get(cols), f.i32(size)));
            f.inc(dst, () => f.i32Mul(f.get(cols), f.i32(size)));
          },
          () =>
            f.for(
              c,
              () => f.i32(0),
              () => f.get(cols),
              1,
              () => {
                if (size === 4) f.i32Store(f.get(dst), f.i32Load(f.get(src)));
                else if (size === 8) f.f64Store(f.get(dst), f.f64Load(f.get(src)));
                else f.i32Store8(f.get(dst), f.i32Load8U(f.get(src)));
                f.inc(dst, size);
                f.set(src, f.i32Add(f.get(src), f.get(cs)));
              },
            ),
        );
      },
    );
  });
  if (size === 4) {
    mod.func('fill', ['i32', 'i32', 'i32'], [], (f) => {
      const [out, value, n] = f.args(3);
      const v = f.local('v128');
      const i = f.local('i32');
      const vec4 = f.local('i32');
      f.set(v, f.i32x4Splat(f.get(value)));
      f.set(vec4, f.i32And(f.get(n), f.i32(~3)));
      f.for(
        i,
        () => f.i32(0),
        () => f.get(vec4),
        4,
        () => f.v128Store(f.i32Add(f.get(out), f.i32Mul(f.get(i), f.i32(4))), f.get(v)),
      );
      f.for(
        i,
        () => f.get(vec4),
        () => f.get(n),
        1,
        () => f.i32Store(f.i32Add(f.get(out), f.i32Mul(f.get(i), f.i32(4))), f.get(value)),
      );
    });
  }
}
