import { runConformance } from '@torchlet/conformance';
import { initBackend } from '@torchlet/tensor';
import { registerWebGPUBackend } from '../src/index.js';

// conformance.test.ts checks the default (elementwise fusion on) in full; this checks the
// op-by-op path (fusion off) on every op's forward cases and the optimizers, whose
// in-place updates write into buffers (the full suite again would add ~5 minutes to CI)
runConformance('webgpu-unfused', {
  setup: async () => {
    registerWebGPUBackend({ name: 'webgpu-unfused', fusion: false });
    await initBackend('webgpu-unfused');
  },
  float64: false,
  toleranceScale: 1,
  nonFinite: false,
  syncReadback: false,
  only: ['ops', 'optim'],
});
