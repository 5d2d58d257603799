import { ChecksumError, DownloadError } from './errors.js';
import { md5Hex } from './md5.js';
import { fetchBytes, type FetchLike } from './sources/http.js';
import { joinUrl } from './sources/source.js';

/** Limits of a download; every field is optional. */
export interface DownloadTimeouts {
  /** ms to wait for a mirror to answer (connect + headers); default 30 000 */
  connect?: number;
  /** ms without a received byte before a transfer is abandoned; default 30 000 */
  idle?: number;
  /** ms for the whole download of a file, every mirror and retry included; default 600 000 */
  total?: number;
}

/** What a progress callback is told. */
export interface DownloadProgress {
  /** The URL being downloaded. */
  url: string;
  /** Bytes received so far. */
  received: number;
  /** bytes announced by the server, null when unknown */
  total: number | null;
}

export interface DownloadRequest {
  /** file name appended to each mirror */
  file: string;
  /** expected MD5 (hex) of the file */
  md5: string;
  mirrors: readonly string[];
  fetch: FetchLike;
  op: string;
  timeout?: DownloadTimeouts;
  /** rounds over the mirrors after the first; default 2 */
  retries?: number;
  /** ms before the first retry round, doubling each round; default 1000 */
  retryDelay?: number;
  /** true: report on stderr (Node) when a download takes more than a second; false: silent; or a callback */
  progress?: boolean | ((p: DownloadProgress) => void);
}

const MB = 1024 * 1024;

/** Progress lines on stderr, only for downloads that last: the first after 1 s, then at most every 2 s. */
function stderrProgress(op: string): ((p: DownloadProgress) => void) | undefined {
  const stderr = (globalThis as { process?: { stderr?: { write(s: string): unknown } } }).process?.stderr;
  if (!stderr) return undefined;
  const started = Date.now();
  let last = 0;
  return ({ url, received, total }) => {
    const now = Date.now();
    if (now - started < 1000 || now - last < 2000) return;
    last = now;
    const of = total ? ` of ${(total / MB).toFixed(1)} MB (${Math.floor((100 * received) / total)}%)` : ' MB';
    stderr.write(`${op}: downloading ${url}: ${(received / MB).toFixed(1)}${of}\n`);
  };
}

/** Worth another try later: timeouts, broken connections, server errors; not a 404 or a wrong file. */
function transient(e: DownloadError): boolean {
  if (e instanceof ChecksumError) return false;
  return e.status === undefined || e.status >= 500 || e.status === 408 || e.status === 429;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Fetch a file from the first mirror that serves it with the expected MD5. A mirror that fails
 * (HTTP error, broken or stalled transfer, wrong checksum) passes to the next; after a round over
 * every mirror, the failed ones are tried again after a pause that doubles each round (a 4xx answer
 * or a wrong checksum is not retried). Connect and idle timeouts bound each attempt, and an overall deadline the whole
 * download. When all fail, the error says what happened at each attempt.
 */
export async function downloadVerified(req: DownloadRequest): Promise<{ bytes: Uint8Array; url: string }> {
  const attempts: DownloadError[] = [];
  const t = req.timeout ?? {};
  const deadline = Date.now() + (t.total ?? 600_000);
  const retries = req.retries ?? 2;
  const report = typeof req.progress === 'function' ? req.progress : req.progress === false ? undefined : stderrProgress(req.op);
  let mirrors = [...req.mirrors];
  let rounds = 0;
  for (let round = 0; round <= retries && mirrors.length; round++) {
    if (round > 0) {
      const pause = Math.min((req.retryDelay ?? 1000) * 2 ** (round - 1), deadline - Date.now());
      if (pause < 0) break;
      await sleep(pause);
    }
    const failed: string[] = [];
    rounds++;
    for (const mirror of mirrors) {
      if (Date.now() >= deadline) break;
      const url = joinUrl(mirror, req.file);
      try {
        const bytes = (await fetchBytes(url, req.fetch, req.op, false, {
          connectTimeout: t.connect,
          idleTimeout: t.idle,
          deadline,
          onProgress: report && ((received, total) => report({ url, received, total })),
        }))!;
        const actual = md5Hex(bytes);
        if (actual !== req.md5.toLowerCase()) {
          throw new ChecksumError(
            `the MD5 of ${url} is ${actual} but ${req.md5} was expected: the download is corrupted or truncated, or the mirror serves another file; nothing was saved`,
            req.op,
            { url, expected: req.md5, actual },
          );
        }
        return { bytes, url };
      } catch (e) {
        if (!(e instanceof DownloadError)) throw e;
        attempts.push(e);
        if (transient(e)) failed.push(mirror);
      }
    }
    mirrors = failed;
  }
  if (attempts.length === 1) throw attempts[0]!;
  if (attempts.length === 0) {
    throw new DownloadError(
      req.mirrors.length
        ? `gave up on ${req.file}: the overall deadline passed before any mirror was tried`
        : `no mirrors to download ${req.file} from; pass mirrors: ['https://.../']`,
      req.op,
    );
  }
  const lines = attempts.map((a) => `  - ${a.message.replace(`${req.op}: `, '')}`).join('\n');
  const n = req.mirrors.length;
  const tried = rounds > 1 ? ` (${attempts.length} attempts in ${rounds} rounds)` : '';
  throw new DownloadError(`could not download ${req.file} from any of the ${n} mirror${n === 1 ? '' : 's'}${tried}:\n${lines}`, req.op, {
    attempts,
  });
}
