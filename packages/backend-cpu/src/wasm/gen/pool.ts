import type { ModuleBuilder } from '../emit/module.js';

export interface PoolGeometry {
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

export const poolKey = (g: PoolGeometry) => [g.H, g.W, g.kh, g.kw, g.sh, g.sw, g.ph, g.pw, g.dh, g.dw, g.OH, g.OW].join(',');

/**
 * `maxPoolIndices(x, planes, out)`: for every window of every H x W plane, the flat index
 * (ih * W + iw) of its maximum: the first one on ties, the first NaN if there is one, as
 * PyTorch. The window is unrolled (its size is a constant); positions outside the image are
 * skipped.
 */
export function emitMaxPoolIndices(mod: ModuleBuilder, g: PoolGeometry): void {
  if (
    g.kh === 2 &&
    g.kw === 2 &&
    g.sh === 2 &&
    g.sw === 2 &&
    g.ph === 0 &&
    g.pw === 0 &&
    g.dh === 1 &&
    g.dw === 1 &&
    g.OW >= 4 &&
    2 * g.OH <= g.H &&
    2 * g.OW <= g.W
  ) {
    emitMaxPool2x2(mod, g);
    return;
  }
  mod.func('maxPoolIndices', ['i32', 'i32', 'i32'], [], (f) => {
    const [x, planes, out] = f.args(3);
    const p = f.local('i32');
    const oh = f.local('i32');
    const ow = f.local('i32');
    const ih = f.local('i32');
    const iw = f.local('i32');
    const plane = f.local('i32');
    const best = f.local('f32');
    const bi = f.local('i32');
    const v = f.local('f32');
    const upd = f.local('i32');
    const dst = f.local('i32');
    f.set(dst, f.get(out));
    f.for(
      p,
      () => f.i32(0),
      () => f.get(planes),
      1,
      () => {
        f.set(plane, f.i32Add(f.get(x), f.i32Mul(f.get(p), f.i32(g.H * g.W * 4))));
        f.for(
          oh,
          () => f.i32(0),
          () => f.i32(g.OH),
          1,
          () => {
            f.for(
              ow,
              () => f.i32(0),
              () => f.i32(g.OW),
              1,
              () => {
                f.set(best, f.f32(-Infinity));
                f.set(bi, f.i32(-1));
                for (let ki = 0; ki < g.kh; ki++) {
                  f.set(ih, f.i32Add(f.i32Mul(f.get(oh), f.i32(g.sh)), f.i32(ki * g.dh - g.ph)));
                  f.if(f.i32LtU(f.get(ih), f.i32(g.H)), () => {
                    for (let kj = 0; kj < g.kw; kj++) {
                      f.set(iw, f.i32Add(f.i32Mul(f.get(ow), f.i32(g.sw)), f.i32(kj * g.dw - g.pw)));
                      f.if(f.i32LtU(f.get(iw), f.i32(g.W)), () => {
                        f.set(
                          v,
                          f.f32Load(f.i32Add(f.get(plane), f.i32Mul(f.i32Add(f.i32Mul(f.get(ih), f.i32(g.W)), f.get(iw)), f.i32(4)))),
                        );
                        // take v when nothing is taken yet, or best is not NaN and v beats it (or is NaN)
                        f.set(
                          upd,
                          f.i32Or(
                            f.i32LtS(f.get(bi), f.i32(0)),
                            f.i32And(
                              f.f32Eq(f.get(best), f.get(best)),
                              f.i32Or(f.f32Gt(f.get(v), f.get(best)), f.f32Ne(f.get(v), f.get(v))),
                            ),
                          ),
                        );
                        f.set(best, f.select(f.get(v), f.get(best), f.get(upd)));
                        f.set(bi, f.select(f.i32Add(f.i32Mul(f.get(ih), f.i32(g.W)), f.get(iw)), f.get(bi), f.get(upd)));
                      });
                    }
                  });
                }
                f.i32Store(f.get(dst), f.select(f.get(bi), f.i32(0), f.i32GeS(f.get(bi), f.i32(0))));
                f.inc(dst, 4);
              },
            );
          },
        );
      },
    );
  });
}

/**
 * The common 2x2, stride 2 window, four windows at a time: two rows of eight pixels are split
 * into even and odd columns (the four window positions), which compete in window order with
 * PyTorch's rule (the first maximum, or the first NaN). Columns past the last multiple of four
 * take the same path one window at a time. Every window lies inside the image (no ceil-mode
 * overhang), which the caller checks.
 */
function emitMaxPool2x2(mod: ModuleBuilder, g: PoolGeometry): void {
  mod.func('maxPoolIndices', ['i32', 'i32', 'i32'], [], (f) => {
    const [x, planes, out] = f.args(3);
    const p = f.local('i32');
    const oh = f.local('i32');
    const ow = f.local('i32');
    const r0 = f.local('i32');
    const dst = f.local('i32');
    const best = f.local('v128');
    const bi = f.local('v128');
    const v = f.local('v128');
    const upd = f.local('v128');
    const lo = f.local('v128');
    const hi = f.local('v128');
    const idx0 = f.local('v128');
    const even = [0, 1, 2, 3, 8, 9, 10, 11, 16, 17, 18, 19, 24, 25, 26, 27];
    const odd = even.map((b) => b + 4);
    const vec = Math.floor(g.OW / 4) * 4;
    f.set(dst, f.get(out));
    f.for(
      p,
      () => f.i32(0),
      () => f.get(planes),
      1,
      () => {
        f.for(
          oh,
          () => f.i32(0),
          () => f.i32(g.OH),
          1,
          () => {
            // row 2*oh of this plane
            f.set(
              r0,
              f.i32Add(f.get(x), f.i32Mul(f.i32Add(f.i32Mul(f.get(p), f.i32(g.H * g.W)), f.i32Mul(f.get(oh), f.i32(2 * g.W))), f.i32(4))),
            );
            const step = (wide: boolean) => {
              // flat index of each window's top-left pixel
              f.set(
                idx0,
                f.i32x4Add(
                  f.i32x4Splat(f.i32Add(f.i32Mul(f.get(oh), f.i32(2 * g.W)), f.i32Mul(f.get(ow), f.i32(2)))),
                  f.i32x4Const(0, 2, 4, 6),
                ),
              );
              const take = (row: number, col: 0 | 1, first: boolean) => {
                if (wide) {
                  f.set(lo, f.v128Load(f.get(r0), row * g.W * 4));
                  f.set(hi, f.v128Load(f.get(r0), row * g.W * 4 + 16));
                  f.set(v, f.i8x16Shuffle(f.get(lo), f.get(hi), col ? odd : even));
                } else f.set(v, f.v128Load32Splat(f.get(r0), row * g.W * 4 + col * 4));
                const idx = () => f.i32x4Add(f.get(idx0), f.i32x4Splat(f.i32(row * g.W + col)));
                if (first) {
                  f.set(best, f.get(v));
                  f.set(bi, idx());
                  return;
                }
                // take v where best is not NaN and v beats it or is NaN
                f.set(
                  upd,
                  f.v128And(f.f32x4Eq(f.get(best), f.get(best)), f.v128Or(f.f32x4Gt(f.get(v), f.get(best)), f.f32x4Ne(f.get(v), f.get(v)))),
                );
                f.set(best, f.v128Bitselect(f.get(v), f.get(best), f.get(upd)));
                f.set(bi, f.v128Bitselect(idx(), f.get(bi), f.get(upd)));
              };
              take(0, 0, true);
              take(0, 1, false);
              take(1, 0, false);
              take(1, 1, false);
              if (wide) f.v128Store(f.get(dst), f.get(bi));
              else f.i32Store(f.get(dst), f.i32x4ExtractLane(f.get(bi), 0));
              f.inc(dst, wide ? 16 : 4);
              f.inc(r0, wide ? 32 : 8);
            };
            f.for(
              ow,
              () => f.i32(0),
              () => f.i32(vec),
              4,
              () => step(true),
            );
            f.for(
              ow,
              () => f.i32(vec),
              () => f.i32(g.OW),
              1,
              () => step(false),
            );
          },
        );
      },
    );
  });
}
