import type { ViteUserConfig } from 'vitest/config';

/** Shared vitest settings for every package: node environment, no watch, generous timeouts for CI machines. */
export function torchletVitest(extra: ViteUserConfig['test'] = {}): ViteUserConfig {
  return {
    test: {
      environment: 'node',
      include: ['test/**/*.test.ts'],
      testTimeout: 60_000,
      hookTimeout: 60_000,
      pool: 'forks',
      poolOptions: { forks: { singleFork: true } },
      ...extra,
    },
  };
}
