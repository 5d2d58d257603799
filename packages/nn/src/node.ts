/**
 * `@torchlet/nn/node`: everything in `@torchlet/nn`, plus the safetensors file helpers that need
 * Node's file system. The main entry stays free of `node:` imports so it bundles for browsers.
 *
 *   import * as nn from '@torchlet/nn/node';
 *   await nn.saveFile(model.stateDict(), 'model.safetensors');
 *   model.loadStateDict(await nn.loadFile('model.safetensors'));
 */
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { SafetensorsError, load, loadUrl, save } from './safetensors.js';
import type { StateDict } from './state-dict.js';

export * from './index.js';

/** Write a state dict to a safetensors file, atomically: a temporary name, then a rename. */
export async function saveFile(stateDict: StateDict, path: string, metadata?: Record<string, string>): Promise<void> {
  const bytes = await save(stateDict, metadata);
  const tmp = `${path}.tmp-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  try {
    await writeFile(tmp, bytes);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/** Read a safetensors file from a path, or from a URL (http, https, blob, data) or a Blob like `loadUrl`. */
export async function loadFile(source: string | URL | Blob, options: { device?: string } = {}): Promise<StateDict> {
  if (typeof Blob !== 'undefined' && source instanceof Blob) return loadUrl(source, options);
  const s = String(source);
  if (/^(https?|blob|data):/.test(s)) return loadUrl(s, options);
  const path = s.startsWith('file:') ? new URL(s) : s;
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw new SafetensorsError(`cannot read ${s}: ${(e as Error).message}`, 'loadFile');
  }
  return load(bytes, options);
}
