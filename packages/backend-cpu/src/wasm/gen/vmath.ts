import type { E, Func, Local } from '../emit/func.js';

/**
 * float32x4 transcendental functions emitted inline: range reduction plus minimax polynomials
 * (the classic Cephes single-precision constants), about 1-2 ulp, with IEEE edge cases
 * (infinities, NaN, zero, subnormals) handled by masks. Each takes its argument in a v128 local
 * and leaves the result on the stack; `tmp` returns scratch v128 locals.
 */
export interface VMath {
  f: Func;
  fma: boolean;
  tmp(): Local;
}

const LOG2E = Math.LOG2E;
const LN2_HI = 0.693359375;
const LN2_LO = -2.1219444e-4;

/** Horner's rule: c[0] * x^(n-1) + ... + c[n-1], with x in a local. */
function horner(m: VMath, x: Local, c: readonly number[]): E {
  const { f } = m;
  const acc = m.tmp();
  f.f32x4Const(c[0]!);
  for (let i = 1; i < c.length; i++) {
    f.set(acc);
    f.f32x4MulAdd(
      m.fma,
      () => f.get(acc),
      () => f.get(x),
      () => f.f32x4Const(c[i]!),
    );
  }
}

/** 2^k for integer lanes k in [-126, 127], as float bits. */
function pow2i(f: Func, k: () => E): E {
  return f.i32x4Shl(f.i32x4Add(k(), f.i32x4Const(127)), f.i32(23));
}

/** e^x */
export function vexp(m: VMath, x: Local): E {
  const { f } = m;
  const r = m.tmp();
  const n = m.tmp();
  const k = m.tmp();
  // clamp keeps 2^n finite in two halves; NaN passes through min/max
  f.set(r, f.f32x4Min(f.f32x4Max(f.get(x), f.f32x4Const(-105)), f.f32x4Const(89)));
  f.set(n, f.f32x4Nearest(f.f32x4Mul(f.get(r), f.f32x4Const(LOG2E))));
  f.set(r, f.f32x4Sub(f.f32x4Sub(f.get(r), f.f32x4Mul(f.get(n), f.f32x4Const(LN2_HI))), f.f32x4Mul(f.get(n), f.f32x4Const(LN2_LO))));
  // e^r = 1 + r + r^2 P(r) on [-ln2/2, ln2/2]
  const p = m.tmp();
  f.set(p, horner(m, r, [1.98756915e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1]));
  f.set(p, f.f32x4Add(f.f32x4Add(f.f32x4Mul(f.f32x4Mul(f.get(p), f.get(r)), f.get(r)), f.get(r)), f.f32x4Const(1)));
  // scale by 2^n as 2^(n>>1) * 2^(n - (n>>1)), so subnormal results and overflow come out right
  f.set(k, f.i32x4TruncSatF32x4S(f.get(n)));
  const k1 = m.tmp();
  f.set(k1, f.i32x4ShrS(f.get(k), f.i32(1)));
  return f.f32x4Mul(
    f.f32x4Mul(
      f.get(p),
      pow2i(f, () => f.get(k1)),
    ),
    pow2i(f, () => f.i32x4Sub(f.get(k), f.get(k1))),
  );
}

/** natural logarithm */
export function vlog(m: VMath, x: Local): E {
  const { f } = m;
  const v = m.tmp();
  const sub = m.tmp();
  const e = m.tmp();
  const t = m.tmp();
  const z = m.tmp();
  const y = m.tmp();
  // subnormals: scale into the normal range first
  f.set(sub, f.f32x4Lt(f.get(x), f.f32x4Const(1.1754943508222875e-38)));
  f.set(v, f.v128Bitselect(f.f32x4Mul(f.get(x), f.f32x4Const(8388608)), f.get(x), f.get(sub)));
  // x = m * 2^e with m in [0.5, 1)
  f.set(e, f.i32x4Sub(f.i32x4ShrU(f.get(v), f.i32(23)), f.i32x4Const(126)));
  f.set(e, f.i32x4Sub(f.get(e), f.v128And(f.get(sub), f.i32x4Const(23))));
  f.set(v, f.v128Or(f.v128And(f.get(v), f.i32x4Const(0x807fffff | 0)), f.i32x4Const(0x3f000000)));
  // m < sqrt(1/2): e -= 1, t = 2m - 1; else t = m - 1
  f.set(t, f.f32x4Lt(f.get(v), f.f32x4Const(Math.SQRT1_2)));
  f.set(e, f.f32x4ConvertI32x4S(f.i32x4Add(f.get(e), f.get(t)))); // mask lanes are -1
  f.set(t, f.f32x4Sub(f.f32x4Add(f.get(v), f.v128And(f.get(v), f.get(t))), f.f32x4Const(1)));
  f.set(z, f.f32x4Mul(f.get(t), f.get(t)));
  f.set(
    y,
    horner(
      m,
      t,
      [
        7.0376836292e-2, -1.151461031e-1, 1.167699874e-1, -1.2420140846e-1, 1.4249322787e-1, -1.6668057665e-1, 2.0000714765e-1,
        -2.4999993993e-1, 3.3333331174e-1,
      ],
    ),
  );
  f.set(y, f.f32x4Mul(f.f32x4Mul(f.get(y), f.get(t)), f.get(z)));
  f.set(y, f.f32x4Add(f.get(y), f.f32x4Mul(f.get(e), f.f32x4Const(LN2_LO))));
  f.set(y, f.f32x4Sub(f.get(y), f.f32x4Mul(f.get(z), f.f32x4Const(0.5))));
  f.set(y, f.f32x4Add(f.f32x4Add(f.get(t), f.get(y)), f.f32x4Mul(f.get(e), f.f32x4Const(LN2_HI))));
  // edges: log(0) = -inf, log(x < 0) = NaN, log(inf) = inf, log(NaN) = NaN
  f.set(y, f.v128Bitselect(f.f32x4Const(-Infinity), f.get(y), f.f32x4Eq(f.get(x), f.f32x4Const(0))));
  f.set(y, f.v128Bitselect(f.f32x4Const(NaN), f.get(y), f.f32x4Lt(f.get(x), f.f32x4Const(0))));
  f.set(y, f.v128Bitselect(f.get(x), f.get(y), f.f32x4Eq(f.get(x), f.f32x4Const(Infinity))));
  return f.v128Bitselect(f.get(x), f.get(y), f.f32x4Ne(f.get(x), f.get(x)));
}

/** tanh: an odd polynomial near 0, 1 - 2 / (e^(2|x|) + 1) elsewhere */
export function vtanh(m: VMath, x: Local): E {
  const { f } = m;
  const a = m.tmp();
  const z = m.tmp();
  const small = m.tmp();
  const big = m.tmp();
  f.set(a, f.f32x4Abs(f.get(x)));
  f.set(z, f.f32x4Mul(f.get(x), f.get(x)));
  f.set(small, horner(m, z, [-5.70498872745e-3, 2.06390887954e-2, -5.37397155531e-2, 1.33314422036e-1, -3.33332819422e-1]));
  f.set(small, f.f32x4Add(f.f32x4Mul(f.f32x4Mul(f.get(small), f.get(z)), f.get(x)), f.get(x)));
  const e2 = m.tmp();
  f.set(e2, f.f32x4Add(f.get(a), f.get(a)));
  f.set(big, f.f32x4Sub(f.f32x4Const(1), f.f32x4Div(f.f32x4Const(2), f.f32x4Add(vexp(m, e2), f.f32x4Const(1)))));
  // copy the sign of x onto the large-|x| branch
  f.set(big, f.v128Or(f.get(big), f.v128And(f.get(x), f.i32x4Const(0x80000000 | 0))));
  return f.v128Bitselect(f.get(small), f.get(big), f.f32x4Lt(f.get(a), f.f32x4Const(0.625)));
}

/** 1 / (1 + e^-x) */
export function vsigmoid(m: VMath, x: Local): E {
  const { f } = m;
  const nx = m.tmp();
  f.set(nx, f.f32x4Neg(f.get(x)));
  return f.f32x4Div(f.f32x4Const(1), f.f32x4Add(f.f32x4Const(1), vexp(m, nx)));
}
