// Node built-ins, imported at run time and only on Node code paths. The module name goes through
// a variable so that browser bundlers neither resolve nor bundle them.

function importNode<T>(name: string): Promise<T> {
  return import(/* webpackIgnore: true */ /* @vite-ignore */ name) as Promise<T>;
}

export const nodeFs = () => importNode<typeof import('node:fs/promises')>('node:fs/promises');
export const nodePath = () => importNode<typeof import('node:path')>('node:path');
export const nodeZlib = () => importNode<typeof import('node:zlib')>('node:zlib');
export const nodeModule = () => importNode<typeof import('node:module')>('node:module');
