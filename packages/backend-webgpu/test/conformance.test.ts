import { runConformance } from '@torchlet/conformance';
import { initBackend } from '@torchlet/tensor';
import { registerWebGPUBackend } from '../src/index.js';

runConformance('webgpu', {
  setup: async () => {
    registerWebGPUBackend();
    // no fallback: a run without an adapter must fail, not quietly test the cpu backend
    await initBackend('webgpu');
  },
  float64: false,
  toleranceScale: 1,
  nonFinite: false,
  syncReadback: false,
});
