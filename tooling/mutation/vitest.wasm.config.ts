import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config';

// The WebAssembly engine's own cross-checks against the reference kernels (every wasm kernel,
// sizes, layouts, threads): fast enough to run against each of the generators' mutants.
export default mergeConfig(base, defineConfig({ test: { include: ['packages/backend-cpu/test/wasm-kernels.test.ts'] } }));
