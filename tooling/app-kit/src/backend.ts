import { currentBackendName, hasBackend, setBackend } from 'torchlet';

/** Make `name` the default backend (loading the WebGPU backend on demand); returns the device name. */
export async function useBackend(name: string): Promise<string> {
  if (name === 'webgpu' && !hasBackend('webgpu')) {
    let mod: { registerWebGPUBackend: () => void };
    try {
      mod = (await import(/* @vite-ignore */ '@torchlet/backend-webgpu' as string)) as typeof mod;
    } catch {
      throw new Error("--backend webgpu needs the package @torchlet/backend-webgpu (pnpm add @torchlet/backend-webgpu)");
    }
    mod.registerWebGPUBackend();
  }
  await setBackend(name);
  return currentBackendName();
}
