import { defineConfig } from 'tsup';
import { torchletTsup } from '../../tooling/config/tsup.preset';

// 'webgpu' (Dawn for Node) is an optional dependency loaded with a dynamic import on first use
export default defineConfig(torchletTsup(['src/index.ts'], { external: ['webgpu'] }));
