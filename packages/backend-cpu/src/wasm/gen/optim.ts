import type { E, Func, Local } from '../emit/func.js';
import type { ModuleBuilder } from '../emit/module.js';

/**
 * Fused float32 optimizer updates over contiguous buffers, four lanes at a time, in the exact
 * operation order of the composite steps (so results are bit-identical). The flags are baked
 * into the code; scalars arrive as f32 parameters (rounded as tensor ops round them).
 */
export interface SgdFlags {
  weightDecay: boolean;
  momentum: boolean;
  plainDampening: boolean;
  nesterov: boolean;
  maximize: boolean;
  firstStep: boolean;
}
export interface AdamFlags {
  weightDecay: boolean;
  decoupled: boolean;
  amsgrad: boolean;
  maximize: boolean;
}

export const sgdKey = (f: SgdFlags) => `sgd:${+f.weightDecay}${+f.momentum}${+f.plainDampening}${+f.nesterov}${+f.maximize}${+f.firstStep}`;
export const adamKey = (f: AdamFlags) => `adam:${+f.weightDecay}${+f.decoupled}${+f.amsgrad}${+f.maximize}`;

/** Loop i over n elements: body(wide) on 4 lanes at p + 16k, then on single lanes. */
function lanes(f: Func, n: Local, ptrs: Local[], body: (wide: boolean) => void): void {
  const i = f.local('i32');
  const vec4 = f.local('i32');
  f.set(vec4, f.i32And(f.get(n), f.i32(~3)));
  f.for(
    i,
    () => f.i32(0),
    () => f.get(vec4),
    4,
    () => {
      body(true);
      for (const p of ptrs) f.inc(p, 16);
    },
  );
  f.for(
    i,
    () => f.get(vec4),
    () => f.get(n),
    1,
    () => {
      body(false);
      for (const p of ptrs) f.inc(p, 4);
    },
  );
}

const load = (f: Func, wide: boolean, p: Local): E => (wide ? f.v128Load(f.get(p)) : f.v128Load32Splat(f.get(p)));
function store(f: Func, wide: boolean, p: Local, v: () => E): void {
  if (wide) f.v128Store(f.get(p), v());
  else f.f32Store(f.get(p), f.f32x4ExtractLane(v(), 0));
}

/** `sgd(p, g, buf, n, wd, momentum, 1 - dampening, lr)` */
export function emitSgd(mod: ModuleBuilder, fl: SgdFlags): void {
  mod.func('sgd', ['i32', 'i32', 'i32', 'i32', 'f32', 'f32', 'f32', 'f32'], [], (f) => {
    const [p, g, b, n] = f.args(4);
    const [wdS, mS, dampS, lrS] = f.args(4, 4);
    const [wd, m, damp, lr] = [f.local('v128'), f.local('v128'), f.local('v128'), f.local('v128')];
    for (const [v, s] of [
      [wd, wdS],
      [m, mS],
      [damp, dampS],
      [lr, lrS],
    ] as const)
      f.set(v, f.f32x4Splat(f.get(s)));
    const pv = f.local('v128');
    const d = f.local('v128');
    const buf = f.local('v128');
    lanes(f, n, [p, g, b], (wide) => {
      f.set(pv, load(f, wide, p));
      f.set(d, load(f, wide, g));
      if (fl.maximize) f.set(d, f.f32x4Neg(f.get(d)));
      if (fl.weightDecay) f.set(d, f.f32x4Add(f.get(d), f.f32x4Mul(f.get(pv), f.get(wd))));
      if (fl.momentum) {
        if (fl.firstStep) f.set(buf, f.get(d));
        else
          f.set(buf, f.f32x4Add(f.f32x4Mul(load(f, wide, b), f.get(m)), fl.plainDampening ? f.get(d) : f.f32x4Mul(f.get(d), f.get(damp))));
        store(f, wide, b, () => f.get(buf));
        f.set(d, fl.nesterov ? f.f32x4Add(f.get(d), f.f32x4Mul(f.get(buf), f.get(m))) : f.get(buf));
      }
      store(f, wide, p, () => f.f32x4Sub(f.get(pv), f.f32x4Mul(f.get(d), f.get(lr))));
    });
  });
}

/** `adam(p, g, m, v, vmax, n, b1, 1-b1, b2, 1-b2, wd, eps, 1 - lr*decay, -stepSize, sqrt(1-b2^t))` */
export function emitAdam(mod: ModuleBuilder, fl: AdamFlags): void {
  const params = [...Array.from({ length: 6 }, () => 'i32' as const), ...Array.from({ length: 9 }, () => 'f32' as const)];
  mod.func('adam', params, [], (f) => {
    const [p, g, mp, vp, xp, n] = f.args(6);
    const s = [6, 7, 8, 9, 10, 11, 12, 13, 14].map((i) => {
      const v = f.local('v128');
      f.set(v, f.f32x4Splat(f.get(f.param(i))));
      return v;
    });
    const [b1, c1, b2, c2, wd, eps, decay, nStep, bs] = s as [Local, Local, Local, Local, Local, Local, Local, Local, Local];
    const [pv, gv, mv, vv, second] = [f.local('v128'), f.local('v128'), f.local('v128'), f.local('v128'), f.local('v128')];
    lanes(f, n, fl.amsgrad ? [p, g, mp, vp, xp] : [p, g, mp, vp], (wide) => {
      f.set(pv, load(f, wide, p));
      if (fl.decoupled) f.set(pv, f.f32x4Mul(f.get(pv), f.get(decay)));
      f.set(gv, load(f, wide, g));
      if (fl.maximize) f.set(gv, f.f32x4Neg(f.get(gv)));
      if (fl.weightDecay) f.set(gv, f.f32x4Add(f.get(gv), f.f32x4Mul(f.get(pv), f.get(wd))));
      f.set(mv, f.f32x4Add(f.f32x4Mul(load(f, wide, mp), f.get(b1)), f.f32x4Mul(f.get(gv), f.get(c1))));
      f.set(vv, f.f32x4Add(f.f32x4Mul(load(f, wide, vp), f.get(b2)), f.f32x4Mul(f.f32x4Mul(f.get(gv), f.get(c2)), f.get(gv))));
      store(f, wide, mp, () => f.get(mv));
      store(f, wide, vp, () => f.get(vv));
      if (fl.amsgrad) {
        f.set(second, f.f32x4Max(load(f, wide, xp), f.get(vv)));
        store(f, wide, xp, () => f.get(second));
      } else f.set(second, f.get(vv));
      const denom = () => f.f32x4Add(f.f32x4Div(f.f32x4Sqrt(f.get(second)), f.get(bs)), f.get(eps));
      store(f, wide, p, () => f.f32x4Add(f.get(pv), f.f32x4Div(f.f32x4Mul(f.get(mv), f.get(nStep)), denom())));
    });
  });
}
