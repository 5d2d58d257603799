import '@torchlet/autograd';
import { registerCpuBackend } from '../../src/index.js';
import { trainSteps, warmThreads, type TrainResult } from './train.js';

declare global {
  interface Window {
    torchlet: { main?: TrainResult; worker?: TrainResult; error?: string };
  }
}

// The same training on the page's main thread and in a Web Worker (this bundle, loaded again).
const inWorker = typeof document === 'undefined';
registerCpuBackend();
if (inWorker) {
  warmThreads('cpu')
    .then(() => (self as unknown as Worker).postMessage({ result: trainSteps('cpu') }))
    .catch((err) => (self as unknown as Worker).postMessage({ error: String((err as Error).stack ?? err) }));
} else {
  window.torchlet = {};
  try {
    await warmThreads('cpu');
    window.torchlet.main = trainSteps('cpu');
    const worker = new Worker(import.meta.url, { type: 'module' });
    worker.onmessage = (e) => {
      if (e.data.error) window.torchlet.error = e.data.error;
      else window.torchlet.worker = e.data.result;
    };
    worker.onerror = (e) => (window.torchlet.error = e.message);
  } catch (err) {
    window.torchlet.error = String((err as Error).stack ?? err);
  }
}
