import { defineConfig } from 'tsup';
import { torchletTsup } from '../../tooling/config/tsup.preset';

// One JavaScript bundle, dist/index.js, which the ./backend and ./internal subpaths also load (one
// module instance: one registry, one grad mode, one Tensor class; no chunks). Each subpath has its
// own types: dist/backend.d.ts (the backend contract) and dist/internal.d.ts (what Torchlet's own
// packages need of internals). stripInternal keeps `@internal` declarations, and the main entry's
// re-export of the internal API, out of the published types.
export default defineConfig(
  torchletTsup(['src/index.ts'], {
    dts: {
      entry: { index: 'src/index.ts', backend: 'src/contract.ts', internal: 'src/internal.ts' },
      compilerOptions: { stripInternal: true },
    },
  }),
);
