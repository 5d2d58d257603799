import type { Func, Local } from '../emit/func.js';
import type { ModuleBuilder } from '../emit/module.js';

/** The geometry of one conv2d group, baked into the generated code. */
export interface ConvGeometry {
  /** channels of one group */
  C: number;
  H: number;
  W: number;
  kh: number;
  kw: number;
  sh: number;
  sw: number;
  ph: number;
  pw: number;
  dh: number;
  dw: number;
  OH: number;
  OW: number;
}

export const geometryKey = (g: ConvGeometry) => [g.C, g.H, g.W, g.kh, g.kw, g.sh, g.sw, g.ph, g.pw, g.dh, g.dw, g.OH, g.OW].join(',');

/** Runs up to this many floats are unrolled; longer ones loop. */
const UNROLL = 32;

/** dst[0..n) = src[0..n) (floats, byte addresses in locals), vector-wide where possible. */
function copyRun(f: Func, dst: Local, src: Local, n: number): void {
  if (n > UNROLL) {
    f.memoryCopy(f.get(dst), f.get(src), f.i32(n * 4));
    return;
  }
  let i = 0;
  for (; i + 4 <= n; i += 4) f.v128Store(f.get(dst), f.v128Load(f.get(src), i * 4), i * 4);
  for (; i < n; i++) f.f32Store(f.get(dst), f.f32Load(f.get(src), i * 4), i * 4);
}

function zeroRun(f: Func, dst: Local, at: number, n: number): void {
  if (n <= 0) return;
  if (n > UNROLL) {
    f.memoryFill(f.i32Add(f.get(dst), f.i32(at * 4)), f.i32(0), f.i32(n * 4));
    return;
  }
  let i = 0;
  for (; i + 4 <= n; i += 4) f.v128Store(f.get(dst), f.f32x4Const(0), (at + i) * 4);
  for (; i < n; i++) f.f32Store(f.get(dst), f.f32(0), (at + i) * 4);
}

/**
 * `im2col(img, cols)`: the patches of one image group as a [C*kh*kw, OH*OW] matrix (zeros where
 * the window hangs over the padding). `col2im(cols, img)`: the reverse, adding every column
 * entry back into the image (img must be initialised). Both are specialised to one geometry:
 * the in-range run of each row is a constant, so it is copied without per-element checks.
 */
export function emitIm2col(mod: ModuleBuilder, g: ConvGeometry): void {
  for (const fold of [false, true]) {
    // (img, cols, ld) for im2col, (cols, img, ld) for col2im: row r of the column matrix starts
    // at cols + r * ld bytes (ld = OH*OW*4 for one image's matrix; larger when images sit side
    // by side in one wide matrix)
    mod.func(fold ? 'col2im' : 'im2col', ['i32', 'i32', 'i32'], [], (f) => {
      const img = f.param(fold ? 1 : 0);
      const cols = f.param(fold ? 0 : 1);
      const ld = f.param(2);
      const c = f.local('i32');
      const ki = f.local('i32');
      const oh = f.local('i32');
      const ow = f.local('i32');
      const ih = f.local('i32');
      const src = f.local('i32');
      const dst = f.local('i32');
      const run = f.local('i32');
      const plane = f.local('i32');
      const rowStart = f.local('i32');
      f.set(rowStart, f.get(cols));
      f.for(
        c,
        () => f.i32(0),
        () => f.i32(g.C),
        1,
        () => {
          f.set(plane, f.i32Add(f.get(img), f.i32Mul(f.get(c), f.i32(g.H * g.W * 4))));
          f.for(
            ki,
            () => f.i32(0),
            () => f.i32(g.kh),
            1,
            () => {
              for (let kj = 0; kj < g.kw; kj++) {
                f.set(dst, f.get(rowStart));
                f.set(rowStart, f.i32Add(f.get(rowStart), f.get(ld)));
                // output columns ow whose input column ow*sw - pw + kj*dw is inside the image
                const off = kj * g.dw - g.pw;
                const lo = Math.min(g.OW, Math.max(0, Math.ceil(-off / g.sw)));
                const hi = Math.max(lo, Math.min(g.OW, Math.floor((g.W - 1 - off) / g.sw) + 1));
                f.for(
                  oh,
                  () => f.i32(0),
                  () => f.i32(g.OH),
                  1,
                  () => {
                    f.set(ih, f.i32Add(f.i32Mul(f.get(oh), f.i32(g.sh)), f.i32Sub(f.i32Mul(f.get(ki), f.i32(g.dh)), f.i32(g.ph))));
                    f.if(
                      f.i32LtU(f.get(ih), f.i32(g.H)),
                      () => {
                        f.set(
                          src,
                          f.i32Add(f.get(plane), f.i32Mul(f.i32Add(f.i32Mul(f.get(ih), f.i32(g.W)), f.i32(off + lo * g.sw)), f.i32(4))),
                        );
                        if (!fold) {
                          zeroRun(f, dst, 0, lo);
                          if (g.sw === 1 && hi > lo) {
                            f.set(run, f.i32Add(f.get(dst), f.i32(lo * 4)));
                            copyRun(f, run, src, hi - lo);
                          } else if (hi > lo) {
                            f.for(
                              ow,
                              () => f.i32(lo),
                              () => f.i32(hi),
                              1,
                              () => {
                                f.f32Store(f.i32Add(f.get(dst), f.i32Mul(f.get(ow), f.i32(4))), f.f32Load(f.get(src)));
                                f.inc(src, g.sw * 4);
                              },
                            );
                          }
                          zeroRun(f, dst, hi, g.OW - hi);
                        } else if (hi > lo) {
                          f.for(
                            ow,
                            () => f.i32(lo),
                            () => f.i32(hi),
                            1,
                            () => {
                              f.f32Store(
                                f.get(src),
                                f.f32Add(f.f32Load(f.get(src)), f.f32Load(f.i32Add(f.get(dst), f.i32Mul(f.get(ow), f.i32(4))))),
                              );
                              f.inc(src, g.sw * 4);
                            },
                          );
                        }
                      },
                      () => {
                        if (!fold) zeroRun(f, dst, 0, g.OW);
                      },
                    );
                    f.inc(dst, g.OW * 4);
                  },
                );
              }
            },
          );
        },
      );
    });
  }
}
