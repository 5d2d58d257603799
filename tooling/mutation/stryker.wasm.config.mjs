// `pnpm mutate:wasm`: the WebAssembly engine's kernel generators against its cross-check tests
// (test/wasm-kernels.test.ts, every kernel against the pure-JS reference). The full `pnpm mutate`
// runs the whole cpu suite per mutant, which takes hours for generators that every test uses.
//
//   nice -n 19 pnpm mutate:wasm
//   nice -n 19 pnpm mutate:wasm --mutate 'packages/backend-cpu/src/wasm/gen/pool.ts'
import base from './stryker.config.mjs';

export default {
  ...base,
  mutate: ['packages/backend-cpu/src/wasm/gen/**/*.ts'],
  vitest: { configFile: 'tooling/mutation/vitest.wasm.config.ts' },
  // mutants that break the emitted module's validity fail fast; each run compiles fresh modules
  coverageAnalysis: 'all',
  dryRunTimeoutMinutes: 10,
  htmlReporter: { fileName: 'reports/mutation-wasm/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation-wasm/mutation.json' },
  tempDirName: '.stryker-tmp-wasm',
};
