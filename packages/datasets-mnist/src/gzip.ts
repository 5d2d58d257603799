import { IdxFormatError } from './errors.js';
import { nodeZlib } from './node-modules.js';

/** Gzip streams start with the bytes 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * How many decompressed bytes are allowed, from the first bytes of the output: a number once it
 * is known, null while more bytes are needed to tell, -1 to stop and return what came so far (the
 * head is invalid: the parser will say why).
 */
export type SizeLimit = (head: Uint8Array) => number | null;

/** The largest output when no limit applies (and before `limit` can tell): typed arrays stop near 2 GiB. */
const HARD_CAP = 2 ** 31 - 1;

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let p = 0;
  for (const c of chunks) {
    out.set(c, p);
    p += c.length;
  }
  return out;
}

/** Decompress chunk by chunk with the standard DecompressionStream, stopping as soon as the output passes its limit. */
async function gunzipBounded(bytes: Uint8Array, name: string, limit: SizeLimit | undefined): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  let max: number | null = limit ? null : HARD_CAP;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    total += value.length;
    if (max === null && limit) {
      const head = concat(chunks, total);
      chunks.length = 0;
      chunks.push(head);
      max = limit(head);
      if (max === -1) {
        await reader.cancel();
        return head;
      }
    }
    if (total > (max ?? HARD_CAP)) {
      await reader.cancel();
      throw new IdxFormatError(
        `${name} decompresses to more than the ${max ?? HARD_CAP} bytes ${max === null ? 'a file may have' : 'its IDX header implies'} (stopped after ${total}); it is damaged or a decompression bomb: delete it and get it again`,
        'readIdx',
      );
    }
  }
  return concat(chunks, total);
}

async function gunzipNode(bytes: Uint8Array, maxOutputLength: number): Promise<Uint8Array> {
  const zlib = await nodeZlib();
  const out = await new Promise<Uint8Array>((resolve, reject) =>
    zlib.gunzip(bytes, { maxOutputLength }, (err, res) => (err ? reject(err) : resolve(res))),
  );
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/**
 * Decompress a gzip file with the standard DecompressionStream (Node 18+, browsers), never
 * past what `limit` allows (for IDX files: the size their header implies), so a small gzip bomb
 * cannot inflate to gigabytes. Runtimes without DecompressionStream fall back to node:zlib.
 */
export async function gunzip(bytes: Uint8Array, name: string, limit?: SizeLimit): Promise<Uint8Array> {
  const streams = typeof DecompressionStream !== 'undefined';
  const node = typeof process !== 'undefined' && !!process.versions?.node;
  if (!streams && !node) {
    throw new IdxFormatError(
      `${name} is gzipped and this runtime has no DecompressionStream; decompress it first (gunzip ${name})`,
      'readIdx',
    );
  }
  try {
    return await (streams ? gunzipBounded(bytes, name, limit) : gunzipNode(bytes, HARD_CAP));
  } catch (e) {
    if (e instanceof IdxFormatError) throw e;
    throw new IdxFormatError(
      `${name} starts like a gzip file but does not decompress (${(e as Error).message}); it is damaged or truncated: delete it and get it again`,
      'readIdx',
    );
  }
}
