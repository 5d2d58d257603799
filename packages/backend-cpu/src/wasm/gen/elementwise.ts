import type { E, Func, Local } from '../emit/func.js';
import type { ModuleBuilder } from '../emit/module.js';
import type { ValType } from '../emit/encode.js';
import { vexp, vlog, vsigmoid, vtanh, type VMath } from './vmath.js';

/** A float32x4 operation on inputs held in v128 locals. */
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
    f.f32x4Sub(f.v128And(f.f32x4Gt(f.get(x!), f.f32x4Const(0)), f.f32x4Const(1)), f.v128And(f.f32x4Lt(f.get(x!), f.f32x4Const(0)), f.f32x4Const(1))),
  exp: (m, [x]) => vexp(m, x!),
  log: (m, [x]) => vlog(m, x!),
  tanh: (m, [x]) => vtanh(m, x!),
  sigmoid: (m, [x]) => vsigmoid(m, x!),
};

export const BINARY_F32: Record<string, VecOp> = {
  add: ({ f }, [a, b]) => f.f32x4Add(f.get(a!), f.get(b!)),
  sub: ({ f }, [a, b]) => f.f32x4Sub(f.get(a!), f.get(b!)),
  mul: ({ f }, [a, b]) => f.f32x4Mul(f.get(a!), f.get(b!)),
  div: ({ f }, [a, b]) => f.f32x4Div(f.get(a!), f.get(b!)),
  maximum: ({ f }, [a, b]) => f.f32x4Max(f.get(a!), f.get(b!)),
  minimum: ({ f }, [a, b]) => f.f32x4Min(f.get(a!), f.get(b!)),
};

/** How an operand's innermost dim is laid out: contiguous, or one value broadcast (stride 0). */
export type Lane = 'v' | 's';

export function vmathFor(f: Func, fma: boolean): VMath {
  return { f, fma, tmp: () => f.local('v128') };
}

/**
 * `name(out, in0[, in1], rows, cols, rowStride0[, rowStride1])`: a [rows, cols] block, output
 * contiguous, each input contiguous in its rows ('v') or one value per row ('s'); pointers and
 * row strides in bytes. Four lanes at a time, then the tail one lane at a time.
 */
export function emitElementwise(mod: ModuleBuilder, name: string, lanes: readonly Lane[], op: VecOp, fma: boolean): void {
  const k = lanes.length;
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
    const p = lanes.map(() => f.local('i32'));
    const v = lanes.map(() => f.local('v128'));
    const m = vmathFor(f, fma);
    const po = f.local('i32');
    f.set(po, f.get(out));
    f.set(vec4, f.i32And(f.get(cols), f.i32(~3)));
    f.for(r, () => f.i32(0), () => f.get(rows), 1, () => {
      lanes.forEach((lane, j) => {
        f.set(p[j]!, f.i32Add(f.get(ins[j]!), f.i32Mul(f.get(r), f.get(rowStride[j]!))));
        if (lane === 's') f.set(v[j]!, f.v128Load32Splat(f.get(p[j]!)));
      });
      f.for(i, () => f.i32(0), () => f.get(vec4), 4, () => {
        lanes.forEach((lane, j) => {
          if (lane === 'v') {
            f.set(v[j]!, f.v128Load(f.get(p[j]!)));
            f.inc(p[j]!, 16);
          }
        });
        f.v128Store(f.get(po), op(m, v));
        f.inc(po, 16);
      });
      f.for(i, () => f.get(vec4), () => f.get(cols), 1, () => {
        lanes.forEach((lane, j) => {
          if (lane === 'v') {
            f.set(v[j]!, f.v128Load32Splat(f.get(p[j]!)));
            f.inc(p[j]!, 4);
          }
        });
        f.f32Store(f.get(po), f.f32x4ExtractLane(op(m, v), 0));
        f.inc(po, 4);
      });
    });
  });
}
