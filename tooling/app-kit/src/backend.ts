import { currentBackendName, setBackend } from 'torchlet';

/**
 * Make `name` the default backend ('cpu', 'webgpu' or any registered one; the torchlet umbrella
 * registers cpu and webgpu). Returns the device new tensors go to.
 */
export async function useBackend(name: string): Promise<string> {
  await setBackend(name);
  return currentBackendName();
}
