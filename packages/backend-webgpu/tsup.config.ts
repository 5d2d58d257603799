import { defineConfig } from 'tsup';
import { torchletTsup } from '../../tooling/config/tsup.preset';

// The public types name GPUBuffer, GPUDevice, GPUAdapter, GPU. They resolve to the real WebGPU
// types in projects that have them (@webgpu/types, or a DOM lib with WebGPU) and to opaque objects
// elsewhere, so consumers type-check without @webgpu/types and without the DOM lib.
const banner = `// WebGPU types when the project has them (e.g. @webgpu/types), else opaque objects
type WebGPUGlobal<K extends string> = typeof globalThis extends { [P in K]: { prototype: infer T } } ? T : object;
type GPU = WebGPUGlobal<'GPU'>;
type GPUAdapter = WebGPUGlobal<'GPUAdapter'>;
type GPUBuffer = WebGPUGlobal<'GPUBuffer'>;
type GPUDevice = WebGPUGlobal<'GPUDevice'>;
type GPUPowerPreference = 'low-power' | 'high-performance';`;

// 'webgpu' (Dawn for Node) is an optional peer loaded with a dynamic import on first use
export default defineConfig(torchletTsup(['src/index.ts'], { external: ['webgpu'], dts: { banner } }));
