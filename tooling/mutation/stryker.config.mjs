// Mutation testing (issue 16): `pnpm mutate` mutates the kernels, the gradient formulas and the
// optimizer steps and runs the cpu conformance suite plus the packages' unit tests against each
// mutant. Too slow for CI; run it when kernels, formulas or steps change:
//
//   nice -n 19 pnpm mutate                                   # every directory below
//   nice -n 19 pnpm mutate --mutate 'packages/optim/src/steps/**/*.ts'   # one directory
//   nice -n 19 pnpm mutate --mutate 'packages/optim/src/steps/**/*.ts,packages/autograd/src/formulas/**/*.ts'
//
// To cover a new kernel directory (the WASM core and its generators), add its glob to MUTATE and,
// if its tests live in another package, that package's test glob to ./vitest.config.ts.
// Reports: reports/mutation/mutation.html and reports/mutation/mutation.json (git-ignored).
import { fileURLToPath } from 'node:url';

const MUTATE = [
  'packages/backend-cpu/src/kernels/**/*.ts',
  // the WebAssembly engine: its kernel generators, the assembler, host-side kernels and storage
  'packages/backend-cpu/src/wasm/**/*.ts',
  'packages/autograd/src/formulas/**/*.ts',
  'packages/optim/src/steps/**/*.ts',
];

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  mutate: MUTATE,
  // by path: under pnpm, Stryker's default '@stryker-mutator/*' lookup does not see the runner
  plugins: [fileURLToPath(import.meta.resolve('@stryker-mutator/vitest-runner'))],
  testRunner: 'vitest',
  vitest: { configFile: 'tooling/mutation/vitest.config.ts' },
  coverageAnalysis: 'perTest',
  concurrency: 1,
  timeoutMS: 60_000,
  // the first run collects per-test coverage over ~5,000 tests: minutes on a busy 2-core machine
  dryRunTimeoutMinutes: 40,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: 85, break: null },
  ignorePatterns: ['**/dist/**', '**/.turbo/**', 'apps/**', 'reports/**', '.stryker-tmp/**'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
