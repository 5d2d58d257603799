import { DownloadError } from '../errors.js';
import { joinUrl, type FileSource } from './source.js';

export type FetchLike = (url: string) => Promise<Response>;

function describe(e: unknown): string {
  const err = e as Error & { cause?: { message?: string; code?: string } };
  const cause = err.cause?.message ?? err.cause?.code;
  return cause && cause !== err.message ? `${err.message}: ${cause}` : String(err.message ?? e);
}

/**
 * GET a URL's whole body. Null for 404 when `missingOk`; HTTP errors, connection failures, broken
 * transfers and bodies shorter than their Content-Length throw DownloadError with the URL.
 */
export async function fetchBytes(url: string, fetchImpl: FetchLike, op: string, missingOk = false): Promise<Uint8Array | null> {
  let res: Response;
  try {
    res = await fetchImpl(url);
  } catch (e) {
    throw new DownloadError(`could not fetch ${url} (${describe(e)}); check the URL and your connection`, op, { url });
  }
  if (res.status === 404 && missingOk) {
    await res.body?.cancel();
    return null;
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw new DownloadError(`HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''} from ${url}`, op, { url, status: res.status });
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await res.arrayBuffer());
  } catch (e) {
    throw new DownloadError(`the transfer of ${url} broke off (${describe(e)}); nothing was saved, try again`, op, { url, status: res.status });
  }
  const declared = res.headers.get('content-length');
  if (declared !== null && !res.headers.get('content-encoding') && Number(declared) !== bytes.length) {
    throw new DownloadError(`the transfer of ${url} is truncated: ${bytes.length} of ${declared} bytes arrived; nothing was saved, try again`, op, { url, status: res.status });
  }
  return bytes;
}

/** Files under a base URL, read with fetch (404 means absent). */
export function urlSource(base: string, fetchImpl: FetchLike, op: string): FileSource {
  return {
    locate: (file) => joinUrl(base, file),
    read: (file) => fetchBytes(joinUrl(base, file), fetchImpl, op, true),
  };
}
