import type { Options } from 'tsup';

/**
 * Shared tsup settings: ES modules + .d.ts, es2022. ESM only, on purpose: a package shipped as both
 * ESM and CJS loads twice in a process that uses both (the dual-package hazard), and Torchlet
 * keeps state in modules (the backend and kernel registries, grad mode, scopes, the RNG), so the
 * two copies would not see each other. Node >= 20.19 loads ESM from `require()`, so CommonJS
 * code still works, with one copy.
 */
export function torchletTsup(entry: Record<string, string> | string[] = ['src/index.ts'], extra: Options = {}): Options {
  const { dts, ...rest } = extra;
  return {
    entry,
    format: ['esm'],
    // `@internal` declarations stay out of the published types (stripInternal).
    // d.ts from this package's sources only: workspace packages resolve to their published
    // types, not to their sources through the "@torchlet/source" condition typecheck uses
    dts: {
      ...(typeof dts === 'object' ? dts : {}),
      compilerOptions: { stripInternal: true, ...(typeof dts === 'object' ? dts.compilerOptions : {}), customConditions: [] },
    },
    sourcemap: true,
    clean: true,
    target: 'es2022',
    splitting: true, // entries of one package share a chunk, so they share classes and state
    treeshake: true,
    ...rest,
  };
}
