import type { Backend } from '../src/index.js';

/** Just enough storage to test the registry and views without a real backend (no kernels). */
export function fakeBackend(name = 'fake'): Backend {
  return {
    name,
    allocate: (n) => ({ data: new Float32Array(n) }),
    fromTypedArray: (d) => ({ data: d }),
    write: () => {},
    read: async (id) => (id as { data: Float32Array }).data,
    free: () => {},
    memory: () => ({ numBytes: 0, numBuffers: 0 }),
  };
}
