import { defineConfig } from 'vitest/config';
import { torchletVitest, withBuiltCpuBackend } from '../../tooling/config/vitest.preset';

// --expose-gc: the memory test collects garbage to see what an optimizer really keeps
export default defineConfig(
  withBuiltCpuBackend(torchletVitest({ poolOptions: { forks: { singleFork: true, execArgv: ['--expose-gc'] } } })),
);
