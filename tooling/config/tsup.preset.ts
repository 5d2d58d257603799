import type { Options } from 'tsup';

/** Shared tsup settings: ESM + CJS + .d.ts, one bundle per entry, es2022. */
export function torchletTsup(entry: Record<string, string> | string[] = ['src/index.ts'], extra: Options = {}): Options {
  return {
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2022',
    splitting: false,
    treeshake: true,
    ...extra,
  };
}
