import { runConformance } from '@torchlet/conformance';
import { registerCpuBackend } from '../src/index.js';

runConformance('cpu', { setup: () => registerCpuBackend() });
