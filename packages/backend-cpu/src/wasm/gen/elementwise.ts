import type { ValType } from '../emit/encode.js';
import type { E, Func, Local } from '../emit/func.js';
import type { ModuleBuilder } from '../emit/module.js';
import { vexp, vlog, vsigmoid, vtanh, type VMath } from './vmath.js';

/**
 * A float32x4 operation on inputs held in v128 locals (as float32x4). Ops with a bool result
 * return a lane mask (all ones where true).
 */
export type VecOp = (m: VMath, x: readonly Local[]) => E;

export const UNARY_F32: Record<string, VecOp> = {
  neg: ({ f }, [x]) => f.f32x4Neg(f.get(x!)),
  abs: ({ f }, [x]) => f.f32x4Abs(f.get(x!)),
  // max(x, 0) keeps NaN, as PyTorch's relu does
  relu: ({ f }, [x]) => f.f32x4Max(f.get(x!), f.f32x4Const(0)),
  sqrt: ({ f }, [x]) => f.f32x4Sqrt(f.get(x!)),
  rsqrt: ({ f }, [x]) => f.f32x4Div(f.f32x4Const(1), f.f32x4Sqrt(f.get(x!))),
  // (x > 0) - (x < 0): NaN gives 0, as in PyTorch
  sign: ({ f }, [x]) =>
    f.f32x4Sub(
      f.v128And(f.f32x4Gt(f.get(x!), f.f32x4Const(0)), f.f32x4Const(1)),
      f.v128And(f.f32x4Lt(f.get(x!), f.f32x4Const(0)), f.f32x4Const(1)),
    ),
  exp: (m, [x]) => vexp(m, x!),
  log: (m, [x]) => vlog(m, x!),
  tanh: (m, [x]) => vtanh(m, x!),
  sigmoid: (m, [x]) => vsigmoid(m, x!),
};

/** Unary ops with a bool result. */
export const UNARY_MASK: Record<string, VecOp> = {
  logicalNot: ({ f }, [x]) => f.f32x4Eq(f.get(x!), f.f32x4Const(0)),
};

export const BINARY_F32: Record<string, VecOp> = {
  add: ({ f }, [a, b]) => f.f32x4Add(f.get(a!), f.get(b!)),
  sub: ({ f }, [a, b]) => f.f32x4Sub(f.get(a!), f.get(b!)),
  mul: ({ f }, [a, b]) => f.f32x4Mul(f.get(a!), f.get(b!)),
  div: ({ f }, [a, b]) => f.f32x4Div(f.get(a!), f.get(b!)),
  maximum: ({ f }, [a, b]) => f.f32x4Max(f.get(a!), f.get(b!)),
  minimum: ({ f }, [a, b]) => f.f32x4Min(f.get(a!), f.get(b!)),
};

/** Binary ops with a bool result. */
export const BINARY_MASK: Record<string, VecOp> = {
  eq: ({ f }, [a, b]) => f.f32x4Eq(f.get(a!), f.get(b!)),
  ne: ({ f }, [a, b]) => f.f32x4Ne(f.get(a!), f.get(b!)),
  lt: ({ f }, [a, b]) => f.f32x4Lt(f.get(a!), f.get(b!)),
  le: ({ f }, [a, b]) => f.f32x4Le(f.get(a!), f.get(b!)),
  gt: ({ f }, [a, b]) => f.f32x4Gt(f.get(a!), f.get(b!)),
  ge: ({ f }, [a, b]) => f.f32x4Ge(f.get(a!), f.get(b!)),
  logicalAnd: ({ f }, [a, b]) => f.v128And(f.f32x4Ne(f.get(a!), f.f32x4Const(0)), f.f32x4Ne(f.get(b!), f.f32x4Const(0))),
  logicalOr: ({ f }, [a, b]) => f.v128Or(f.f32x4Ne(f.get(a!), f.f32x4Const(0)), f.f32x4Ne(f.get(b!), f.f32x4Const(0))),
};

/** How an operand's innermost dim is laid out: contiguous, or one value broadcast (stride 0). */
export type Lane = 'v' | 's';
/** Element types the loops read (converted to float32 lanes) and write. */
export type ElemType = 'f32' | 'i32' | 'u8';
export const ELEM_BYTES: Record<ElemType, number> = { f32: 4, i32: 4, u8: 1 };

export interface ElementwiseSpec {
  lanes: readonly Lane[];
  inTypes: readonly ElemType[];
  /** f32 values, or u8 0/1 from a lane mask */
  out: 'f32' | 'u8';
}

export function specKey(s: ElementwiseSpec): string {
  return `${s.lanes.join('')}_${s.inTypes.join('.')}_${s.out}`;
}

export function vmathFor(f: Func, fma: boolean): VMath {
  return { f, fma, tmp: () => f.local('v128') };
}

/** four elements at addr as float32x4 */
function load4(f: Func, t: ElemType, addr: () => E): E {
  if (t === 'f32') return f.v128Load(addr());
  if (t === 'i32') return f.f32x4ConvertI32x4S(f.v128Load(addr()));
  return f.f32x4ConvertI32x4U(f.i32x4ExtendLowI16x8U(f.i16x8ExtendLowI8x16U(f.v128Load32Zero(addr()))));
}

/** one element at addr, splat to float32x4 */
function load1(f: Func, t: ElemType, addr: () => E): E {
  if (t === 'f32') return f.v128Load32Splat(addr());
  if (t === 'i32') return f.f32x4Splat(f.f32ConvertI32S(f.i32Load(addr())));
  return f.f32x4Splat(f.f32ConvertI32U(f.i32Load8U(addr())));
}

/**
 * `name(out, in0[, in1], rows, cols, rowStride0[, rowStride1])`: a [rows, cols] block, output
 * contiguous, each input contiguous in its rows ('v') or one value per row ('s'); pointers and
 * row strides in bytes. Eight lanes a trip, then four, then the tail one lane at a time.
 */
export function emitElementwise(mod: ModuleBuilder, name: string, spec: ElementwiseSpec, op: VecOp, fma: boolean): void {
  const { lanes, inTypes } = spec;
  const k = lanes.length;
  const outBytes = spec.out === 'f32' ? 4 : 1;
  const params: ValType[] = Array.from({ length: 3 + 2 * k }, () => 'i32');
  mod.func(name, params, [], (f) => {
    const out = f.param(0);
    const ins = lanes.map((_, j) => f.param(1 + j));
    const rows = f.param(1 + k);
    const cols = f.param(2 + k);
    const rowStride = lanes.map((_, j) => f.param(3 + k + j));
    const r = f.local('i32');
    const i = f.local('i32');
    const vec4 = f.local('i32');
    const vec8 = f.local('i32');
    const p = lanes.map(() => f.local('i32'));
    const v = lanes.map(() => f.local('v128'));
    const m = vmathFor(f, fma);
    const po = f.local('i32');
    const res = f.local('v128');
    f.set(po, f.get(out));
    f.set(vec4, f.i32And(f.get(cols), f.i32(~3)));
    f.set(vec8, f.i32And(f.get(cols), f.i32(~7)));
    f.for(
      r,
      () => f.i32(0),
      () => f.get(rows),
      1,
      () => {
        lanes.forEach((lane, j) => {
          f.set(p[j]!, f.i32Add(f.get(ins[j]!), f.i32Mul(f.get(r), f.get(rowStride[j]!))));
          if (lane === 's')
            f.set(
              v[j]!,
              load1(f, inTypes[j]!, () => f.get(p[j]!)),
            );
        });
        const step4 = () => {
          lanes.forEach((lane, j) => {
            if (lane === 'v') {
              f.set(
                v[j]!,
                load4(f, inTypes[j]!, () => f.get(p[j]!)),
              );
              f.inc(p[j]!, 4 * ELEM_BYTES[inTypes[j]!]);
            }
          });
          if (spec.out === 'f32') f.v128Store(f.get(po), op(m, v));
          else {
            f.set(res, f.v128And(op(m, v), f.i32x4Const(1)));
            f.set(res, f.i16x8NarrowI32x4U(f.get(res), f.get(res)));
            f.v128Store32Lane(f.get(po), f.i8x16NarrowI16x8U(f.get(res), f.get(res)), 0);
          }
          f.inc(po, 4 * outBytes);
        };
        // eight lanes per trip while they last, then four, then one at a time
        f.for(
          i,
          () => f.i32(0),
          () => f.get(vec8),
          8,
          () => {
            step4();
            step4();
          },
        );
        f.for(
          i,
          () => f.get(vec8),
          () => f.get(vec4),
          4,
          step4,
        );
        f.for(
          i,
          () => f.get(vec4),
          () => f.get(cols),
          1,
          () => {
            lanes.forEach((lane, j) => {
              if (lane === 'v') {
                f.set(
                  v[j]!,
                  load1(f, inTypes[j]!, () => f.get(p[j]!)),
                );
                f.inc(p[j]!, ELEM_BYTES[inTypes[j]!]);
              }
            });
            if (spec.out === 'f32') f.f32Store(f.get(po), f.f32x4ExtractLane(op(m, v), 0));
            else f.i32Store8(f.get(po), f.i32And(f.i32x4ExtractLane(op(m, v), 0), f.i32(1)));
            f.inc(po, outBytes);
          },
        );
      },
    );
  });
}
