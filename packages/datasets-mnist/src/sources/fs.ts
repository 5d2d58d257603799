import { DatasetError } from '@torchlet/data';
import { nodeFs, nodePath } from '../node-modules.js';
import type { FileSource } from './source.js';

/** Files under a local folder, read with node:fs (imported only when used, so browsers never load it). */
export async function fsSource(root: string): Promise<FileSource> {
  const [fs, path] = await Promise.all([nodeFs(), nodePath()]);
  const locate = (file: string) => path.resolve(root, file);
  return {
    locate,
    async read(file) {
      const where = locate(file);
      try {
        const buf = await fs.readFile(where);
        return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') return null;
        throw new DatasetError(`cannot read ${where}: ${(e as Error).message}`, 'MNIST.load');
      }
    },
  };
}

/**
 * Write a file so that it is either complete or absent: the bytes go to a temporary name next to
 * it, which is renamed at the end (an interrupted write leaves only a `.part` file).
 */
export async function writeFileAtomic(file: string, bytes: Uint8Array): Promise<void> {
  const [fs, path] = await Promise.all([nodeFs(), nodePath()]);
  await fs.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}.part`;
  try {
    await fs.writeFile(tmp, bytes);
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw new DatasetError(`cannot write ${file}: ${(e as Error).message}`, 'MNIST.load');
  }
}
