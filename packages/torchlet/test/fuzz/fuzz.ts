import fc from 'fast-check';
import { afterAll } from 'vitest';
import { TorchletError } from '../../src/index.js';

/**
 * Shared settings of the fuzz tests. CI (`pnpm test`) runs them with a fixed seed and a small
 * budget; `pnpm fuzz` sets FUZZ_SEED=random and FUZZ_SCALE (default 20) to run many more inputs.
 * A failure prints the seed, the path and the shrunk counterexample (fast-check's report), so it
 * can be replayed with FUZZ_SEED=<seed>.
 */
const envSeed = process.env.FUZZ_SEED;
export const seed =
  envSeed === undefined || envSeed === '' ? 11_2026 : envSeed === 'random' ? (Math.random() * 2 ** 31) | 0 : Number(envSeed);
const scale = Number(process.env.FUZZ_SCALE ?? 1);

const tried = new Map<string, number>();
afterAll(() => {
  const total = [...tried.values()].reduce((a, b) => a + b, 0);
  const lines = [...tried].map(([name, n]) => `  ${name}: ${n}`).join('\n');
  process.stderr.write(`fuzz (seed ${seed}, scale ${scale}): ${total} inputs\n${lines}\n`);
});

/** Run a property `runs` x FUZZ_SCALE times with the session's seed, counting the inputs tried. */
export function fuzz<T>(name: string, arb: fc.Arbitrary<T>, check: (value: T) => void | Promise<void>, runs: number): Promise<void> | void {
  const numRuns = Math.max(1, Math.round(runs * scale));
  let n = 0;
  const counted = (v: T) => {
    n++;
    return check(v);
  };
  const report = () => tried.set(name, (tried.get(name) ?? 0) + n);
  const params = { seed, numRuns, endOnFailure: false } as const;
  try {
    const r = fc.assert(
      fc.asyncProperty(arb, async (v) => counted(v)),
      params,
    );
    return r.finally(report);
  } catch (e) {
    report();
    throw e;
  }
}

/** Run `fn`: a result goes to `ok`; a TorchletError (any subclass) is an accepted answer; any other exception fails the property. */
export function typedOrOk<R>(fn: () => R, ok: (r: R) => void): void {
  let r: R;
  try {
    r = fn();
  } catch (e) {
    if (e instanceof TorchletError) return;
    throw e;
  }
  ok(r);
}

/** Async variant of typedOrOk. */
export async function typedOrOkAsync<R>(fn: () => Promise<R>, ok: (r: R) => void | Promise<void>): Promise<void> {
  let r: R;
  try {
    r = await fn();
  } catch (e) {
    if (e instanceof TorchletError) return;
    throw e;
  }
  await ok(r);
}
