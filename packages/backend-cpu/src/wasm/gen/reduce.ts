import type { E, Func, Local } from '../emit/func.js';
import type { ModuleBuilder } from '../emit/module.js';

export type ReduceOp = 'sum' | 'max' | 'min';

/**
 * float32 reductions (pointers and strides in bytes):
 * - `rows(out, x, rows, rowStride, outer, outerStride, cols)`:
 *   out[r] = reduce over o < outer, c < cols of x[r*rowStride + o*outerStride + 4c]
 *   (the reduced run `cols` is contiguous: SIMD along it);
 * - `cols(out, x, cols, outer, outerStride, inner, innerStride)`:
 *   out[c] = reduce over o < outer, i < inner of x[o*outerStride + i*innerStride + 4c]
 *   (the kept run `cols` is contiguous: SIMD across it).
 * Sums accumulate in float64 (two f64x2 per four lanes), so long sums keep float32 accuracy;
 * max and min propagate NaN.
 */
export function emitReduce(mod: ModuleBuilder, op: ReduceOp): void {
  const sum = op === 'sum';
  const init = op === 'sum' ? 0 : op === 'max' ? -Infinity : Infinity;

  /** acc (f32x4 for max/min; lo/hi f64x2 for sums) combined with the 4 floats at addr */
  const accumulate = (f: Func, acc: Local[], addr: () => E) => {
    if (!sum) {
      f.set(acc[0]!, op === 'max' ? f.f32x4Max(f.get(acc[0]!), f.v128Load(addr())) : f.f32x4Min(f.get(acc[0]!), f.v128Load(addr())));
      return;
    }
    const v = acc[2]!;
    f.set(v, f.v128Load(addr()));
    f.set(acc[0]!, f.f64x2Add(f.get(acc[0]!), f.f64x2PromoteLowF32x4(f.get(v))));
    f.set(
      acc[1]!,
      f.f64x2Add(
        f.get(acc[1]!),
        f.f64x2PromoteLowF32x4(f.i8x16Shuffle(f.get(v), f.get(v), [8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7])),
      ),
    );
  };
  /** one float at addr into lane 0 of the accumulators */
  const accumulate1 = (f: Func, acc: Local[], addr: () => E) => {
    if (!sum) {
      f.set(
        acc[0]!,
        op === 'max' ? f.f32x4Max(f.get(acc[0]!), f.v128Load32Splat(addr())) : f.f32x4Min(f.get(acc[0]!), f.v128Load32Splat(addr())),
      );
      return;
    }
    f.set(acc[0]!, f.f64x2Add(f.get(acc[0]!), f.f64x2PromoteLowF32x4(f.v128Load32Splat(addr()))));
  };
  const reset = (f: Func, acc: Local[]) => {
    if (sum) {
      f.set(acc[0]!, f.f32x4Const(0));
      f.set(acc[1]!, f.f32x4Const(0));
    } else f.set(acc[0]!, f.f32x4Const(init));
  };
  const accLocals = (f: Func) => [f.local('v128'), f.local('v128'), f.local('v128')];

  mod.func('rows', ['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32'], [], (f) => {
    const [out, x, rows, rowStride, outer, outerStride, cols] = f.args(7);
    const vacc = accLocals(f);
    const sacc = accLocals(f);
    const r = f.local('i32');
    const o = f.local('i32');
    const c = f.local('i32');
    const p = f.local('i32');
    const vec4 = f.local('i32');
    const res = f.local('v128');
    f.set(vec4, f.i32And(f.get(cols), f.i32(~3)));
    f.for(
      r,
      () => f.i32(0),
      () => f.get(rows),
      1,
      () => {
        reset(f, vacc);
        reset(f, sacc);
        f.for(
          o,
          () => f.i32(0),
          () => f.get(outer),
          1,
          () => {
            f.set(p, f.i32Add(f.get(x), f.i32Add(f.i32Mul(f.get(r), f.get(rowStride)), f.i32Mul(f.get(o), f.get(outerStride)))));
            f.for(
              c,
              () => f.i32(0),
              () => f.get(vec4),
              4,
              () => {
                accumulate(f, vacc, () => f.get(p));
                f.inc(p, 16);
              },
            );
            f.for(
              c,
              () => f.get(vec4),
              () => f.get(cols),
              1,
              () => {
                accumulate1(f, sacc, () => f.get(p));
                f.inc(p, 4);
              },
            );
          },
        );
        // fold the lanes
        if (sum) {
          // the tail went into lane 0 of sacc (as a splat: its other lane is a copy)
          f.set(res, f.f64x2Add(f.get(vacc[0]!), f.get(vacc[1]!)));
          f.f32Store(
            f.i32Add(f.get(out), f.i32Mul(f.get(r), f.i32(4))),
            f.f32DemoteF64(
              f.f64Add(
                f.f64Add(f.f64x2ExtractLane(f.get(res), 0), f.f64x2ExtractLane(f.get(res), 1)),
                f.f64x2ExtractLane(f.get(sacc[0]!), 0),
              ),
            ),
          );
        } else {
          const m = (a: E, b: E) => (op === 'max' ? f.f32x4Max(a, b) : f.f32x4Min(a, b));
          f.set(
            res,
            m(f.get(vacc[0]!), f.i8x16Shuffle(f.get(vacc[0]!), f.get(vacc[0]!), [8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7])),
          );
          f.set(res, m(f.get(res), f.i8x16Shuffle(f.get(res), f.get(res), [4, 5, 6, 7, 0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3])));
          f.set(res, m(f.get(res), f.get(sacc[0]!)));
          f.f32Store(f.i32Add(f.get(out), f.i32Mul(f.get(r), f.i32(4))), f.f32x4ExtractLane(f.get(res), 0));
        }
      },
    );
  });

  mod.func('cols', ['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32'], [], (f) => {
    const [out, x, cols, outer, outerStride, inner, innerStride] = f.args(7);
    const acc = accLocals(f);
    const c = f.local('i32');
    const o = f.local('i32');
    const i = f.local('i32');
    const p = f.local('i32');
    const dst = f.local('i32');
    const vec4 = f.local('i32');
    f.set(vec4, f.i32And(f.get(cols), f.i32(~3)));
    f.set(dst, f.get(out));
    const body = (wide: boolean) => {
      reset(f, acc);
      f.for(
        o,
        () => f.i32(0),
        () => f.get(outer),
        1,
        () => {
          f.set(p, f.i32Add(f.i32Add(f.get(x), f.i32Mul(f.get(c), f.i32(4))), f.i32Mul(f.get(o), f.get(outerStride))));
          f.for(
            i,
            () => f.i32(0),
            () => f.get(inner),
            1,
            () => {
              if (wide) accumulate(f, acc, () => f.get(p));
              else accumulate1(f, acc, () => f.get(p));
              f.set(p, f.i32Add(f.get(p), f.get(innerStride)));
            },
          );
        },
      );
      if (sum && wide) {
        // lanes 0,1 in acc[0] and 2,3 in acc[1], back to float32
        f.v128Store(
          f.get(dst),
          f.i8x16Shuffle(
            f.f32x4DemoteF64x2Zero(f.get(acc[0]!)),
            f.f32x4DemoteF64x2Zero(f.get(acc[1]!)),
            [0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23],
          ),
        );
      } else if (sum) f.f32Store(f.get(dst), f.f32DemoteF64(f.f64x2ExtractLane(f.get(acc[0]!), 0)));
      else if (wide) f.v128Store(f.get(dst), f.get(acc[0]!));
      else f.f32Store(f.get(dst), f.f32x4ExtractLane(f.get(acc[0]!), 0));
      f.inc(dst, wide ? 16 : 4);
    };
    f.for(
      c,
      () => f.i32(0),
      () => f.get(vec4),
      4,
      () => body(true),
    );
    f.for(
      c,
      () => f.get(vec4),
      () => f.get(cols),
      1,
      () => body(false),
    );
  });
}
