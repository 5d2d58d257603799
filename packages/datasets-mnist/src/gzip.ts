import { isNode } from './env.js';
import { IdxFormatError } from './errors.js';
import { nodeZlib } from './node-modules.js';

/** Gzip streams start with the bytes 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

async function gunzipNode(bytes: Uint8Array): Promise<Uint8Array> {
  const zlib = await nodeZlib();
  const out = await new Promise<Uint8Array>((resolve, reject) => zlib.gunzip(bytes, (err, res) => (err ? reject(err) : resolve(res))));
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

async function gunzipStream(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * Decompress a gzip file: node:zlib in Node (imported only there; it works off the main thread),
 * the standard DecompressionStream elsewhere.
 */
export async function gunzip(bytes: Uint8Array, name: string): Promise<Uint8Array> {
  const node = isNode();
  if (!node && typeof DecompressionStream === 'undefined') {
    throw new IdxFormatError(`${name} is gzipped and this runtime has no DecompressionStream; decompress it first (gunzip ${name})`, 'readIdx');
  }
  try {
    return await (node ? gunzipNode(bytes) : gunzipStream(bytes));
  } catch (e) {
    throw new IdxFormatError(
      `${name} starts like a gzip file but does not decompress (${(e as Error).message}); it is damaged or truncated: delete it and get it again`,
      'readIdx',
    );
  }
}
