import type { MemoryInfo } from './backend.js';
import { getBackend, listBackends } from './registry.js';

/** Memory held by a backend (default: the current one): live bytes and allocations. */
export function memory(device?: string): MemoryInfo & { backend: string } {
  const b = getBackend(device, 'memory');
  return { ...b.memory(), backend: b.name };
}

/** @internal memory of every initialised backend */
export function memoryAll(): Record<string, MemoryInfo> {
  const out: Record<string, MemoryInfo> = {};
  for (const { name, initialized } of listBackends()) if (initialized) out[name] = getBackend(name).memory();
  return out;
}
