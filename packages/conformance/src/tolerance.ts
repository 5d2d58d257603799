import { defaultTolerance, type Tolerance } from './compare.js';

/** A looser tolerance a backend declares for one op or model, and why (no looser than 3x the measured need). */
export interface DeclaredTolerance {
  /** Absolute tolerance; the default for the dtype when left out. */
  atol?: number;
  /** Relative tolerance; the default for the dtype when left out. */
  rtol?: number;
  /** Why the backend needs it (e.g. 'exp runs on the GPU fast path'), shown in failures. */
  reason: string;
}

/**
 * Declared tolerances by key: an op key ('exp': its values, gradients and second derivatives),
 * 'forward:exp', 'grad:exp' or 'double:exp' for one kind of check, 'nn:BatchNorm2d',
 * 'loss:cross_entropy', 'net:Net1' or 'optim:Adam'. The most specific key wins.
 */
export type ToleranceTable = Record<string, DeclaredTolerance>;

export type CheckKind = 'forward' | 'grad' | 'double';

/** What a check compares against: the default for the dtype times the scale, loosened where declared. */
export interface CheckContext {
  /** The backend under test. */
  device: string;
  /** Multiplies every default float tolerance. */
  scale: number;
  /** the backend holds float64 */
  float64: boolean;
  /** Tolerances declared per op or model. */
  tolerances: ToleranceTable;
}

export function declared(table: ToleranceTable, keys: string[]): DeclaredTolerance | undefined {
  for (const k of keys) if (table[k]) return table[k];
  return undefined;
}

export function loosen(base: Tolerance, d: DeclaredTolerance | undefined): Tolerance {
  if (!d) return base;
  return { atol: Math.max(base.atol, d.atol ?? 0), rtol: Math.max(base.rtol, d.rtol ?? 0) };
}

/** The tolerance of a model-level check (nn layers, losses, nets, optimizers) on float32 data. */
export function modelTolerance(ctx: CheckContext, key: string, base: Tolerance = defaultTolerance('float32')): Tolerance {
  return loosen({ atol: base.atol * ctx.scale, rtol: base.rtol * ctx.scale }, declared(ctx.tolerances, [key]));
}
