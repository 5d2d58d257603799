import { defineConfig } from 'vitest/config';
import { torchletVitest } from '../../tooling/config/vitest.preset';

// The relaxed-SIMD variant of the WebAssembly kernels (fused multiply-add). Node 20 only has it
// behind this flag; Node 22+ and Chrome have it on. The suite asserts the variant is really on.
export default defineConfig(
  torchletVitest({
    include: ['test/conformance.test.ts', 'test/wasm-kernels.test.ts'],
    env: { TORCHLET_EXPECT_RELAXED_SIMD: '1' },
    poolOptions: { forks: { singleFork: true, execArgv: ['--experimental-wasm-relaxed-simd'] } },
  }),
);
