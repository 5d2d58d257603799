import { ValueError } from './errors.js';

function distance(a: string, b: string): number {
  const d = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0]!;
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = d[j]!;
      d[j] = Math.min(d[j]! + 1, d[j - 1]! + 1, prev + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1));
      prev = cur;
    }
  }
  return d[b.length]!;
}

/**
 * Check an options object of a public entry point: it must be an object (or undefined), and
 * every key must be one of `valid`. A misspelt key (`{ dtpye: 'int32' }`) is a ValueError that
 * lists the valid keys and the closest one, instead of being silently ignored. Keys whose value
 * is undefined are accepted (`{ ...defaults, dtype: undefined }`).
 */
export function checkOptions(options: unknown, valid: readonly string[], op: string): void {
  if (options === undefined) return;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new ValueError(
      `options must be an object like { ${valid[0] ?? 'key'}: ... }, got ${options === null ? 'null' : Array.isArray(options) ? 'an array' : typeof options}`,
      op,
    );
  }
  for (const key of Object.keys(options)) {
    if (valid.includes(key) || (options as Record<string, unknown>)[key] === undefined) continue;
    let best = '';
    let bestD = Infinity;
    for (const v of valid) {
      const dist = distance(key, v);
      if (dist < bestD) [best, bestD] = [v, dist];
    }
    const hint = bestD <= Math.max(2, Math.floor(key.length / 3)) ? ` (did you mean '${best}'?)` : '';
    throw new ValueError(
      `unknown option '${key}'${hint}; valid options are ${valid.length ? valid.map((v) => `'${v}'`).join(', ') : 'none'}`,
      op,
    );
  }
}
