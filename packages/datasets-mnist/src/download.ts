import { ChecksumError, DownloadError } from './errors.js';
import { md5Hex } from './md5.js';
import { fetchBytes, type FetchLike } from './sources/http.js';
import { joinUrl } from './sources/source.js';

export interface DownloadRequest {
  /** file name appended to each mirror */
  file: string;
  /** expected MD5 (hex) of the file */
  md5: string;
  mirrors: readonly string[];
  fetch: FetchLike;
  op: string;
}

/**
 * Fetch a file from the first mirror that serves it with the expected MD5. A mirror that fails
 * (HTTP error, broken transfer, wrong checksum) passes to the next; when all fail, the error says
 * what happened at each.
 */
export async function downloadVerified(req: DownloadRequest): Promise<{ bytes: Uint8Array; url: string }> {
  const attempts: DownloadError[] = [];
  for (const mirror of req.mirrors) {
    const url = joinUrl(mirror, req.file);
    try {
      const bytes = (await fetchBytes(url, req.fetch, req.op))!;
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
    }
  }
  if (attempts.length === 1) throw attempts[0]!;
  if (attempts.length === 0) throw new DownloadError(`no mirrors to download ${req.file} from; pass mirrors: ['https://.../']`, req.op);
  const lines = attempts.map((a) => `  - ${a.message.replace(`${req.op}: `, '')}`).join('\n');
  throw new DownloadError(`could not download ${req.file} from any of the ${attempts.length} mirrors:\n${lines}`, req.op, { attempts });
}
