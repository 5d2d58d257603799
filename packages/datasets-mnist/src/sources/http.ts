import { DownloadError } from '../errors.js';
import { joinUrl, type FileSource } from './source.js';

/** fetch() or a stand-in; `init.signal` aborts the request when a timeout fires. */
export type FetchLike = (url: string, init?: { signal?: AbortSignal }) => Promise<Response>;

export interface FetchOptions {
  /** milliseconds to wait for the response to start (connect + headers); default 30 000 */
  connectTimeout?: number;
  /** milliseconds without a received byte before giving up; default 30 000 */
  idleTimeout?: number;
  /** Date.now() after which the transfer is abandoned, whatever its progress */
  deadline?: number;
  /** told the bytes received so far and the announced total (null when unknown) as they arrive */
  onProgress?: (received: number, total: number | null) => void;
}

export const DEFAULT_CONNECT_TIMEOUT = 30_000;
export const DEFAULT_IDLE_TIMEOUT = 30_000;

function describe(e: unknown): string {
  const err = e as Error & { cause?: { message?: string; code?: string } };
  const cause = err.cause?.message ?? err.cause?.code;
  return cause && cause !== err.message ? `${err.message}: ${cause}` : String(err.message ?? e);
}

/**
 * A timer that fails the transfer: `race(p)` settles like p unless the timer fires first, which
 * also aborts the request (a fetch stand-in that ignores the signal is cut off all the same).
 */
class Watchdog {
  readonly controller = new AbortController();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private fail!: (e: DownloadError) => void;
  private readonly fired: Promise<never>;
  constructor(private readonly deadline: number | undefined) {
    this.fired = new Promise<never>((_, reject) => (this.fail = reject));
    this.fired.catch(() => undefined);
  }
  /** (re)start: fail with `error()` after `ms`, or at the deadline if that comes first */
  arm(ms: number, error: () => DownloadError, atDeadline: () => DownloadError): void {
    this.clear();
    const left = this.deadline === undefined ? Infinity : this.deadline - Date.now();
    const byDeadline = left <= ms;
    this.timer = setTimeout(
      () => {
        const e = byDeadline ? atDeadline() : error();
        this.controller.abort(e);
        this.fail(e);
      },
      Math.max(0, Math.min(ms, left)),
    );
    (this.timer as { unref?: () => void }).unref?.();
  }
  clear(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
  race<T>(p: Promise<T>): Promise<T> {
    return Promise.race([p, this.fired]);
  }
}

/**
 * GET a URL's whole body. Null for 404 when `missingOk`; HTTP errors, connection failures, broken
 * transfers, bodies shorter than their Content-Length and timeouts (no answer within
 * connectTimeout, no byte for idleTimeout, past the deadline) throw DownloadError with the URL.
 */
export async function fetchBytes(
  url: string,
  fetchImpl: FetchLike,
  op: string,
  missingOk = false,
  options: FetchOptions = {},
): Promise<Uint8Array | null> {
  const connectTimeout = options.connectTimeout ?? DEFAULT_CONNECT_TIMEOUT;
  const idleTimeout = options.idleTimeout ?? DEFAULT_IDLE_TIMEOUT;
  const dog = new Watchdog(options.deadline);
  const atDeadline = () =>
    new DownloadError(`gave up on ${url}: the download ran past its overall deadline; try again, or raise timeout.total`, op, { url });
  let received = 0;
  dog.arm(
    connectTimeout,
    () =>
      new DownloadError(
        `no answer from ${url} within ${connectTimeout / 1000} s (connect timeout); the mirror may be down: try another`,
        op,
        { url },
      ),
    atDeadline,
  );
  try {
    let res: Response;
    try {
      res = await dog.race(fetchImpl(url, { signal: dog.controller.signal }));
    } catch (e) {
      if (e instanceof DownloadError) throw e;
      throw new DownloadError(`could not fetch ${url} (${describe(e)}); check the URL and your connection`, op, { url });
    }
    if (res.status === 404 && missingOk) {
      await res.body?.cancel().catch(() => undefined);
      return null;
    }
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      throw new DownloadError(`HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''} from ${url}`, op, {
        url,
        status: res.status,
      });
    }
    const declared = res.headers.get('content-length');
    const total = declared !== null && !res.headers.get('content-encoding') ? Number(declared) : null;
    const idle = () =>
      new DownloadError(
        `${url} sent nothing for ${idleTimeout / 1000} s after ${received} bytes (idle timeout); nothing was saved, try again`,
        op,
        { url, status: res.status },
      );
    let bytes: Uint8Array;
    try {
      dog.arm(idleTimeout, idle, atDeadline);
      if (res.body) {
        const reader = res.body.getReader();
        const chunks: Uint8Array[] = [];
        try {
          for (;;) {
            const { done, value } = await dog.race(reader.read());
            if (done) break;
            chunks.push(value);
            received += value.length;
            options.onProgress?.(received, total);
            dog.arm(idleTimeout, idle, atDeadline);
          }
        } catch (e) {
          reader.cancel().catch(() => undefined);
          throw e;
        }
        bytes = new Uint8Array(received);
        let p = 0;
        for (const c of chunks) {
          bytes.set(c, p);
          p += c.length;
        }
      } else bytes = new Uint8Array(await dog.race(res.arrayBuffer()));
    } catch (e) {
      if (e instanceof DownloadError) throw e;
      throw new DownloadError(`the transfer of ${url} broke off (${describe(e)}); nothing was saved, try again`, op, {
        url,
        status: res.status,
      });
    }
    if (total !== null && total !== bytes.length) {
      throw new DownloadError(
        `the transfer of ${url} is truncated: ${bytes.length} of ${declared} bytes arrived; nothing was saved, try again`,
        op,
        { url, status: res.status },
      );
    }
    return bytes;
  } finally {
    dog.clear();
  }
}

/** Files under a base URL, read with fetch (404 means absent). */
export function urlSource(base: string, fetchImpl: FetchLike, op: string): FileSource {
  return {
    locate: (file) => joinUrl(base, file),
    read: (file) => fetchBytes(joinUrl(base, file), fetchImpl, op, true),
  };
}
