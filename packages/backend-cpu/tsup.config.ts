import { defineConfig } from 'tsup';
import { torchletTsup } from '../../tooling/config/tsup.preset';

// The public types name WebAssembly.Memory and WebAssembly.Module, which TypeScript declares only
// in the DOM lib: they resolve to the real types where the project has them, else to opaque
// objects, so Node projects without the DOM lib type-check.
const banner = `// WebAssembly types when the project has them (the DOM lib), else opaque objects
declare namespace WebAssembly {
  type Memory = typeof globalThis extends { WebAssembly: { Memory: { prototype: infer T } } } ? T : object;
  type Module = typeof globalThis extends { WebAssembly: { Module: { prototype: infer T } } } ? T : object;
}`;

export default defineConfig(torchletTsup(['src/index.ts'], { dts: { banner } }));
