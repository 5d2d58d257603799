import { defineConfig } from 'vite';

// Cross-origin isolation (COOP + COEP) gives the page SharedArrayBuffer, so the WebAssembly CPU
// backend can run its worker threads; everything the page loads comes from its own origin.
const isolation = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

export default defineConfig({
  server: { headers: isolation, port: 5173 },
  preview: { headers: isolation, port: 4173 },
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
});
