import { beforeAll, beforeEach, describe, it } from 'vitest';
import { setBackend } from '@torchlet/tensor';
import { OP_FIXTURES } from './fixtures.js';
import { decodeNumber } from './build.js';
import { unpack } from './generate.js';
import type { DoubleCase, OpCase } from './fixture-types.js';
import { checkDouble, checkForward, checkGradcheck, checkGradients, isSmallCase, isSmoothCase } from './op-cases.js';
import { semanticsSuite } from './semantics.js';
import { errorsSuite } from './errors.js';
import { trainingSuite } from './training.js';
import { nnSuite } from './nn-suite.js';
import { optimSuite } from './optim-suite.js';
import type { CheckContext, ToleranceTable } from './tolerance.js';

/** Options of {@link runConformance}. */
export interface ConformanceOptions {
  /** register / initialise the backend (runs in beforeAll, before setBackend) */
  setup?: () => void | Promise<void>;
  /** multiply every float tolerance (default 1; prefer declaring per-op `tolerances`) */
  toleranceScale?: number;
  /**
   * Looser tolerances for single ops or models, each with its reason, e.g.
   * `{ exp: { rtol: 3e-4, reason: 'exp runs on the GPU fast path' } }` (see ToleranceTable).
   * Keep each no looser than 3x what the backend measurably needs.
   */
  tolerances?: ToleranceTable;
  /** the backend stores float64 (default true); without it float64 cases and gradcheck are left out */
  float64?: boolean;
  /** run gradcheck on every small differentiable case (default true when float64 is supported) */
  gradcheck?: boolean;
  /**
   * the backend follows IEEE 754 for NaN, infinities and subnormals (default true). WGSL lets an
   * implementation assume there are none and flush subnormals, so a WebGPU backend sets false and
   * the cases whose data hold such values (the domain edges) are left out.
   */
  nonFinite?: boolean;
  /**
   * the backend reads back synchronously (default true). Boolean-mask indexing needs the mask's
   * values inside a synchronous call, so async backends are checked on `maskedSelect` instead.
   */
  syncReadback?: boolean;
  /**
   * run only these parts (default: all). For a second run of one backend in another mode, e.g. a
   * WebGPU backend with elementwise fusion off: `only: ['ops', 'gradients']`.
   */
  only?: readonly ConformancePart[];
}

/** A part of the conformance suite, for `only`. */
export type ConformancePart = 'ops' | 'gradients' | 'double' | 'gradcheck' | 'nn' | 'optim' | 'semantics' | 'errors' | 'training';

const usesF64 = (c: { inputs: unknown[]; kwargs: unknown; outputs?: { dtype: string }[] }) =>
  JSON.stringify([c.inputs, c.kwargs]).includes('"float64"') || !!c.outputs?.some((o) => o.dtype === 'float64');

/** Whether any listed value or digest of a case is NaN, infinite or a float32 subnormal. */
function hasNonFinite(c: OpCase | DoubleCase): boolean {
  const records = [...c.inputs, ...('outputs' in c ? [...c.outputs, ...(c.grads ?? [])] : [...c.firstGrads, ...c.secondGrads])];
  return records.some((r) => {
    if (!r || 'scalar' in r) return false;
    if (r.digest && r.digest.nan + r.digest.posinf + r.digest.neginf > 0) return true;
    const listed = (r.values ?? []).map((v) => (typeof v === 'string' ? decodeNumber(v) : +v));
    const values = r.b64 !== undefined && (r.dtype === 'float32' || r.dtype === 'float64') ? unpack(r.b64, r.dtype) : listed;
    return Array.prototype.some.call(values, (v: number) => !Number.isFinite(v) || (v !== 0 && Math.abs(v) < 1.1754943508222875e-38));
  });
}

/**
 * The backend conformance suite: every op, gradient and double backward against PyTorch fixtures
 * (with sizes past every tile, strided and offset layouts and domain edges), gradcheck in
 * float64, the nn layers, losses and nets, every optimizer option, safetensors in every dtype,
 * autograd semantics, error behaviour and a small training run. It defines vitest suites, so
 * call it at the top level of a vitest test file.
 *
 * @example
 * ```ts
 * // test/conformance.test.ts
 * import { runConformance } from '@torchlet/conformance';
 * import { registerCpuBackend } from '@torchlet/backend-cpu';
 *
 * runConformance('cpu', { setup: () => registerCpuBackend() });
 * ```
 */
export function runConformance(backend: string, options: ConformanceOptions = {}): void {
  const f64 = options.float64 ?? true;
  const ctx: CheckContext = { device: backend, scale: options.toleranceScale ?? 1, float64: f64, tolerances: options.tolerances ?? {} };
  const sync = options.syncReadback ?? true;
  const boolMask = (c: OpCase) => c.op === 'index' && c.inputs.slice(1).some((i) => 'dtype' in i && i.dtype === 'bool');
  const all = Object.values(OP_FIXTURES);
  const ieee = options.nonFinite ?? true;
  const cases = all.flatMap((f) => f.cases).filter((c) => (f64 || !usesF64(c)) && (sync || !boolMask(c)) && (ieee || !hasNonFinite(c)));
  const doubles = all.flatMap((f) => f.double).filter((c) => (f64 || !usesF64(c)) && (ieee || !hasNonFinite(c)));

  describe(`conformance: ${backend}`, () => {
    beforeAll(async () => {
      await options.setup?.();
      await setBackend(backend);
    });
    // Thousands of tests that settle in microtasks never give the event loop a turn, so vitest's
    // worker-to-main messages wait unanswered and time out after 60 s on a busy machine: yield often.
    let lastYield = Date.now();
    beforeEach(async () => {
      if (Date.now() - lastYield < 250) return;
      await new Promise((resolve) => setTimeout(resolve, 0));
      lastYield = Date.now();
    });

    const part = (p: ConformancePart) => !options.only || options.only.includes(p);
    if (part('ops')) {
      describe('ops match PyTorch', () => {
        for (const c of cases) it(c.name, () => checkForward(c, backend, ctx));
      });
    }
    if (part('gradients')) {
      describe('gradients match PyTorch', () => {
        for (const c of cases.filter((c) => c.grads)) it(c.name, () => checkGradients(c, backend, ctx));
      });
    }
    if (part('double')) {
      describe('double backward matches PyTorch', () => {
        for (const c of doubles) it(c.name, () => checkDouble(c, backend, ctx));
      });
    }
    if (f64 && (options.gradcheck ?? true) && part('gradcheck')) {
      describe('gradcheck (float64)', () => {
        for (const c of cases.filter((c) => c.grads && isSmoothCase(c) && isSmallCase(c))) it(c.name, () => checkGradcheck(c, backend));
      });
    }
    if (part('nn')) nnSuite(ctx);
    if (part('optim')) optimSuite(ctx);
    if (part('semantics')) semanticsSuite(backend);
    if (part('errors')) errorsSuite(backend);
    if (part('training')) trainingSuite(backend);
  });
}
