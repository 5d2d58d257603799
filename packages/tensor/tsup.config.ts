import { defineConfig } from 'tsup';
import { torchletTsup } from '../../tooling/config/tsup.preset';

// three entries: the public API, ./backend (the backend contract alone) and ./internal (what
// Torchlet's own packages need of internals). The preset's splitting puts the shared code in one
// chunk, so all three see the same registries, grad mode and Tensor class.
// stripInternal: `@internal` declarations stay out of the published types (other packages reach
// them through ./internal).
export default defineConfig(
  torchletTsup({ index: 'src/index.ts', backend: 'src/contract.ts', internal: 'src/internal.ts' }, { dts: { compilerOptions: { stripInternal: true } } }),
);
