import { runConformance } from '@torchlet/conformance';
import { registerCpuBackend } from '../src/index.js';

// poisoned outputs: a kernel that leaves part of its output unwritten fails instead of reading old values
runConformance('cpu', { setup: () => registerCpuBackend({ poisonOutputs: true }) });
