import { runConformance } from '@torchlet/conformance';
import { registerCpuBackend } from '../src/index.js';

// the pure-JavaScript reference kernels, under their own backend name
runConformance('cpu-js', { setup: () => registerCpuBackend({ name: 'cpu-js', engine: 'js' }) });
