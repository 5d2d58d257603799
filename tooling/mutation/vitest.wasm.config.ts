import { defineConfig } from 'vitest/config';
import base from './vitest.config';

// The WebAssembly engine's own cross-checks against the reference kernels (every wasm kernel,
// sizes, layouts, threads, with poisoned outputs): fast enough to run against each of the
// generators' mutants. (Replaces the base's test list; mergeConfig would append to it.)
export default defineConfig({ ...base, test: { ...base.test, include: ['packages/backend-cpu/test/wasm-kernels.test.ts'] } });
