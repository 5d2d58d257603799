/** True in Node (and Node-compatible runtimes), where files are read with node:fs. */
export function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof p?.versions?.node === 'string';
}

/** True when `root` is an http(s) URL (read with fetch in every runtime). */
export function isHttpUrl(root: string): boolean {
  return /^https?:\/\//i.test(root);
}
