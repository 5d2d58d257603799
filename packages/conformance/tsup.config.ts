import { defineConfig } from 'tsup';
import { torchletTsup } from '../../tooling/config/tsup.preset';

// shims: import.meta.url in the CommonJS build too (binary fixtures are read relative to dist/)
export default defineConfig(torchletTsup(['src/index.ts'], { shims: true }));
