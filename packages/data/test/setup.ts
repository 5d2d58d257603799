import { registerCpuBackend } from '@torchlet/backend-cpu';

registerCpuBackend();
