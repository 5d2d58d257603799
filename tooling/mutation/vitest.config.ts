import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The tests Stryker runs against each mutant (see stryker.config.mjs): the cpu conformance suite and
// the unit tests of the mutated packages, with every workspace package resolved to its source so
// that a mutated source file is what the tests import (outside Stryker they import dist/).
const root = fileURLToPath(new URL('../../', import.meta.url));
const src = (pkg: string) => `${root}packages/${pkg}/src/index.ts`;

export default defineConfig({
  root,
  resolve: {
    alias: [
      { find: /^@torchlet\/tensor$/, replacement: src('tensor') },
      { find: /^@torchlet\/autograd$/, replacement: src('autograd') },
      { find: /^@torchlet\/backend-cpu$/, replacement: src('backend-cpu') },
      { find: /^@torchlet\/nn$/, replacement: src('nn') },
      { find: /^@torchlet\/optim$/, replacement: src('optim') },
      { find: /^@torchlet\/conformance$/, replacement: src('conformance') },
    ],
  },
  test: {
    environment: 'node',
    include: ['packages/backend-cpu/test/**/*.test.ts', 'packages/autograd/test/**/*.test.ts', 'packages/optim/test/**/*.test.ts'],
    // Stryker's runner picks its own pool, without --expose-gc: the memory test says nothing about numbers
    // the browser test runs a bundle in Chromium, outside Stryker's reach (and is slow)
    exclude: ['packages/optim/test/memory.test.ts', 'packages/backend-cpu/test/browser.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
