import type { Func, Local } from '../emit/func.js';
import type { ModuleBuilder } from '../emit/module.js';

/**
 * Indexing along one dim, with the tensors seen as [outer, dim, inner] (pointers and strides
 * in bytes, 4-byte elements). Each returns 0, or 1 + the position of the first index that is
 * out of range (nothing after it is written).
 *
 * - `gather(out, x, idx, outer, n, inner, xo, xd, xi, io, id, ii, size)`:
 *   out[o, j, i] = x[o, idx[o, j, i], i]; out is contiguous [outer, n, inner].
 * - `scatterAdd(out, src, idx, outer, n, inner, so, sd, si, io, id, ii, size, oo, od)`:
 *   out[o, idx[o, j, i], i] += src[o, j, i]; out is contiguous with strides oo, od, 4.
 * - `indexSelect(out, x, idx, outer, n, inner, xo, xd, xi, idxStride, size)`:
 *   out[o, j, i] = x[o, idx[j], i].
 * - `indexAdd(out, src, idx, outer, n, inner, so, sd, si, idxStride, size, oo, od)`:
 *   out[o, idx[j], i] += src[o, j, i].
 */
export function emitIndexing(mod: ModuleBuilder, kind: 'gather' | 'scatterAdd' | 'indexSelect' | 'indexAdd', float: boolean): void {
  const perElementIndex = kind === 'gather' || kind === 'scatterAdd';
  const adds = kind === 'scatterAdd' || kind === 'indexAdd';
  const nParams = (perElementIndex ? 13 : 11) + (adds ? 2 : 0);
  mod.func(
    kind,
    Array.from({ length: nParams }, () => 'i32'),
    ['i32'],
    (f) => {
      const P = (i: number) => f.param(i);
      const [out, x, idx, outer, n, inner, xo, xd, xi] = f.args(9);
      let k = 9;
      const io = perElementIndex ? P(k++) : null;
      const id = P(k++);
      const ii = perElementIndex ? P(k++) : null;
      const size = P(k++);
      const oo = adds ? P(k++) : null;
      const od = adds ? P(k++) : null;
      const o = f.local('i32');
      const j = f.local('i32');
      const i = f.local('i32');
      const v = f.local('i32');
      const pos = f.local('i32');
      const dst = f.local('i32');
      const src = f.local('i32');
      f.set(pos, f.i32(0));
      f.set(dst, f.get(out));
      f.for(
        o,
        () => f.i32(0),
        () => f.get(outer),
        1,
        () => {
          f.for(
            j,
            () => f.i32(0),
            () => f.get(n),
            1,
            () => {
              if (!perElementIndex) {
                f.set(v, f.i32Load(f.i32Add(f.get(idx), f.i32Mul(f.get(j), f.get(id)))));
                checkIndex(f, v, size, j);
              }
              f.for(
                i,
                () => f.i32(0),
                () => f.get(inner),
                1,
                () => {
                  if (perElementIndex) {
                    f.set(
                      v,
                      f.i32Load(
                        f.i32Add(
                          f.get(idx),
                          f.i32Add(f.i32Add(f.i32Mul(f.get(o), f.get(io!)), f.i32Mul(f.get(j), f.get(id))), f.i32Mul(f.get(i), f.get(ii!))),
                        ),
                      ),
                    );
                    checkIndex(f, v, size, pos);
                  }
                  if (!adds) {
                    // out[o, j, i] = x[o, v, i]
                    f.set(
                      src,
                      f.i32Add(
                        f.get(x),
                        f.i32Add(f.i32Add(f.i32Mul(f.get(o), f.get(xo)), f.i32Mul(f.get(v), f.get(xd))), f.i32Mul(f.get(i), f.get(xi))),
                      ),
                    );
                    f.i32Store(f.get(dst), f.i32Load(f.get(src)));
                    f.inc(dst, 4);
                  } else {
                    // out[o, v, i] += src[o, j, i]
                    f.set(
                      src,
                      f.i32Add(
                        f.get(x),
                        f.i32Add(f.i32Add(f.i32Mul(f.get(o), f.get(xo)), f.i32Mul(f.get(j), f.get(xd))), f.i32Mul(f.get(i), f.get(xi))),
                      ),
                    );
                    f.set(
                      dst,
                      f.i32Add(
                        f.get(out),
                        f.i32Add(f.i32Add(f.i32Mul(f.get(o), f.get(oo!)), f.i32Mul(f.get(v), f.get(od!))), f.i32Mul(f.get(i), f.i32(4))),
                      ),
                    );
                    if (float) f.f32Store(f.get(dst), f.f32Add(f.f32Load(f.get(dst)), f.f32Load(f.get(src))));
                    else f.i32Store(f.get(dst), f.i32Add(f.i32Load(f.get(dst)), f.i32Load(f.get(src))));
                  }
                  if (perElementIndex) f.inc(pos, 1);
                },
              );
            },
          );
        },
      );
      f.i32(0);
    },
  );
}

/** return 1 + at when v is not in [0, size) */
function checkIndex(f: Func, v: Local, size: Local, at: Local): void {
  f.if(f.i32GeU(f.get(v), f.get(size)), () => f.return(f.i32Add(f.get(at), f.i32(1))));
}
