import { fileURLToPath } from 'node:url';
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

/**
 * Tests of nn and optim run on the cpu backend from its build (dist/), without a package
 * dependency: one would close the cycle conformance -> nn -> backend-cpu -> conformance, which
 * turbo refuses (it counts devDependencies). Their turbo.json builds @torchlet/backend-cpu first
 * and their tsconfig maps the import to its declarations.
 */
export function withBuiltCpuBackend(config: ViteUserConfig): ViteUserConfig {
  const cpu = fileURLToPath(new URL('../../packages/backend-cpu/dist/index.js', import.meta.url));
  return { ...config, resolve: { ...config.resolve, alias: { '@torchlet/backend-cpu': cpu } } };
}
