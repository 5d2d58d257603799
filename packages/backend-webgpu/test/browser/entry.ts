// Browser bundle of the browser test: tensor + autograd + this backend on navigator.gpu.
import { ready, setBackend, setBackendNotice } from '@torchlet/tensor';
import '@torchlet/autograd';
import { registerWebGPUBackend } from '../../src/index.js';
import { cnnForwardBackward } from './cnn.js';

declare global {
  interface Window {
    torchlet: { backend: string; error?: string; run: typeof cnnForwardBackward };
  }
}

const notices: string[] = [];
window.torchlet = { backend: 'pending', run: cnnForwardBackward };
setBackendNotice((m) => notices.push(m));
registerWebGPUBackend();
ready()
  .then(async (name) => {
    if (name === 'webgpu') await setBackend('webgpu');
    window.torchlet.backend = name;
    if (notices.length) window.torchlet.error = notices.join('\n');
  })
  .catch((err: unknown) => {
    window.torchlet.backend = 'failed';
    window.torchlet.error = String((err as Error)?.stack ?? err);
  });
