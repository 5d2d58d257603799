import type { MemoryInfo } from './backend.js';
import { getBackend } from './registry.js';

/** Memory held by a backend (default: the current one): live bytes and allocations. */
export function memory(device?: string): MemoryInfo & {
  /** The backend's name ('cpu', 'webgpu'). */
  backend: string;
} {
  const b = getBackend(device, 'memory');
  return { ...b.memory(), backend: b.name };
}
