import { knownOptions } from '../check.js';

/** Options over defaults, skipping keys set to undefined; unknown (or snake_case) keys rejected. */
export function withDefaults<H extends object>(op: string, defaults: H, options: Partial<H> | undefined): H {
  knownOptions(op, options, Object.keys(defaults));
  const out = { ...defaults };
  for (const [k, v] of Object.entries(options ?? {})) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}
