import { beforeAll, describe, it } from 'vitest';
import { setBackend } from '@torchlet/tensor';
import { opsFixture } from './fixtures.js';
import { checkDouble, checkForward, checkGradcheck, checkGradients, isSmoothCase } from './op-cases.js';
import { semanticsSuite } from './semantics.js';
import { errorsSuite } from './errors.js';
import { trainingSuite } from './training.js';

export interface ConformanceOptions {
  /** register / initialise the backend (runs in beforeAll, before setBackend) */
  setup?: () => void | Promise<void>;
  /** multiply float tolerances (e.g. 10 for GPU float32 math) */
  toleranceScale?: number;
  /** the backend stores float64 (default true); without it float64 cases and gradcheck are left out */
  float64?: boolean;
  /** run gradcheck on every differentiable case (default true when float64 is supported) */
  gradcheck?: boolean;
  /**
   * the backend reads back synchronously (default true). Boolean-mask indexing needs the mask's
   * values inside a synchronous call, so async backends are checked on `maskedSelect` instead.
   */
  syncReadback?: boolean;
}

/**
 * The backend conformance suite: every op, gradient and double backward against PyTorch
 * fixtures, gradcheck in float64, autograd semantics, error behaviour and a small training run.
 * Call it from a vitest test file: `runConformance('cpu', { setup: registerCpuBackend })`.
 */
export function runConformance(backend: string, options: ConformanceOptions = {}): void {
  const scale = options.toleranceScale ?? 1;
  const f64 = options.float64 ?? true;
  const usesF64 = (c: { inputs: unknown[]; outputs?: { dtype: string }[] }) =>
    JSON.stringify(c.inputs).includes('"float64"') || !!c.outputs?.some((o) => o.dtype === 'float64');
  const sync = options.syncReadback ?? true;
  const boolMask = (c: { inputs: { dtype?: string }[]; op: string }) => c.op === 'index' && c.inputs.slice(1).some((i) => i.dtype === 'bool');
  const cases = opsFixture.cases.filter((c) => (f64 || !usesF64(c)) && (sync || !boolMask(c as never)));

  describe(`conformance: ${backend}`, () => {
    beforeAll(async () => {
      await options.setup?.();
      await setBackend(backend);
    });

    describe('ops match PyTorch', () => {
      for (const c of cases) it(c.name, () => checkForward(c, backend, scale));
    });
    describe('gradients match PyTorch', () => {
      for (const c of cases.filter((c) => c.grads)) it(c.name, () => checkGradients(c, backend, scale));
    });
    describe('double backward matches PyTorch', () => {
      for (const c of opsFixture.double) it(c.name, () => checkDouble(c, backend, scale));
    });
    if (f64 && (options.gradcheck ?? true)) {
      describe('gradcheck (float64)', () => {
        for (const c of cases.filter((c) => c.grads && isSmoothCase(c))) it(c.name, () => checkGradcheck(c, backend));
      });
    }
    semanticsSuite(backend);
    errorsSuite(backend);
    trainingSuite(backend);
  });
}
