import { defineConfig } from 'tsup';
import { torchletTsup } from '../../tooling/config/tsup.preset';

// 'webgpu' (Dawn for Node) is an optional peer loaded with a dynamic import on first use. The
// public types name GPUBuffer, GPUDevice...: the .d.ts references @webgpu/types (a dependency).
export default defineConfig(torchletTsup(['src/index.ts'], { external: ['webgpu'], dts: { banner: '/// <reference types="@webgpu/types" />' } }));
