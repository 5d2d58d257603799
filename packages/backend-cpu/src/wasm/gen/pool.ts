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
  mod.func('maxPoolIndices', ['i32', 'i32', 'i32'], [], (f) => {
    const [x, planes, out] = [0, 1, 2].map((i) => f.param(i));
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
    f.for(p, () => f.i32(0), () => f.get(planes), 1, () => {
      f.set(plane, f.i32Add(f.get(x), f.i32Mul(f.get(p), f.i32(g.H * g.W * 4))));
      f.for(oh, () => f.i32(0), () => f.i32(g.OH), 1, () => {
        f.for(ow, () => f.i32(0), () => f.i32(g.OW), 1, () => {
          f.set(best, f.f32(-Infinity));
          f.set(bi, f.i32(-1));
          for (let ki = 0; ki < g.kh; ki++) {
            f.set(ih, f.i32Add(f.i32Mul(f.get(oh), f.i32(g.sh)), f.i32(ki * g.dh - g.ph)));
            f.if(f.i32LtU(f.get(ih), f.i32(g.H)), () => {
              for (let kj = 0; kj < g.kw; kj++) {
                f.set(iw, f.i32Add(f.i32Mul(f.get(ow), f.i32(g.sw)), f.i32(kj * g.dw - g.pw)));
                f.if(f.i32LtU(f.get(iw), f.i32(g.W)), () => {
                  f.set(v, f.f32Load(f.i32Add(f.get(plane), f.i32Mul(f.i32Add(f.i32Mul(f.get(ih), f.i32(g.W)), f.get(iw)), f.i32(4)))));
                  // take v when nothing is taken yet, or best is not NaN and v beats it (or is NaN)
                  f.set(upd, f.i32Or(f.i32LtS(f.get(bi), f.i32(0)), f.i32And(f.f32Eq(f.get(best), f.get(best)), f.i32Or(f.f32Gt(f.get(v), f.get(best)), f.f32Ne(f.get(v), f.get(v))))));
                  f.set(best, f.select(f.get(v), f.get(best), f.get(upd)));
                  f.set(bi, f.select(f.i32Add(f.i32Mul(f.get(ih), f.i32(g.W)), f.get(iw)), f.get(bi), f.get(upd)));
                });
              }
            });
          }
          f.i32Store(f.get(dst), f.select(f.get(bi), f.i32(0), f.i32GeS(f.get(bi), f.i32(0))));
          f.inc(dst, 4);
        });
      });
    });
  });
}
