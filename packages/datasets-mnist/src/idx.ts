import { IdxFormatError } from './errors.js';
import { gunzip, isGzip } from './gzip.js';

/** The element types an IDX file can hold. */
export type IdxDType = 'uint8' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64';
/** The typed array holding an IDX file's values, by its element type. */
export type IdxData = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

/** The contents of an IDX file: its dims and its values in row-major order. */
export interface IdxArray {
  /** Element type of the values. */
  dtype: IdxDType;
  /** Size of each dimension, outermost first (`[60000, 28, 28]`). */
  shape: number[];
  /** The values in row-major order (uint8 data is a view of the file's bytes). */
  data: IdxData;
}

/** Options of {@link readIdx}. */
export interface ReadIdxOptions {
  /** the file's name or URL, for error messages */
  name?: string;
}

const DTYPES: Record<number, { dtype: IdxDType; size: number }> = {
  8: { dtype: 'uint8', size: 1 }, // 0x08
  9: { dtype: 'int8', size: 1 }, // 0x09
  11: { dtype: 'int16', size: 2 }, // 0x0b
  12: { dtype: 'int32', size: 4 }, // 0x0c
  13: { dtype: 'float32', size: 4 }, // 0x0d
  14: { dtype: 'float64', size: 8 }, // 0x0e
};
const DTYPE_LIST = Object.entries(DTYPES)
  .map(([code, d]) => `0x${(+code).toString(16).padStart(2, '0').toUpperCase()} (${d.dtype})`)
  .join(', ');

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}

function looksLikeText(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 64);
  return head.length > 0 && head.every((b) => b === 9 || b === 10 || b === 13 || (b >= 32 && b < 127));
}

/** Make a plain Uint8Array of bytes or an ArrayBuffer (Node Buffers become plain views). */
function asBytes(bytes: Uint8Array | ArrayBuffer, op: string): Uint8Array {
  if (bytes instanceof ArrayBuffer) return new Uint8Array(bytes);
  if (bytes instanceof Uint8Array)
    return bytes.constructor === Uint8Array ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  throw new IdxFormatError('expected the file contents as a Uint8Array or an ArrayBuffer', op);
}

/**
 * Read an IDX file (the format of MNIST), raw or gzipped (recognised by its first bytes 1f 8b).
 * uint8 data is a view of the (decompressed) bytes, without a copy; wider types are converted from
 * big-endian.
 */
export async function readIdx(bytes: Uint8Array | ArrayBuffer, options: ReadIdxOptions = {}): Promise<IdxArray> {
  let raw = asBytes(bytes, 'readIdx');
  const name = options.name ?? 'the IDX file';
  if (isGzip(raw)) raw = await gunzip(raw, name, idxSize);
  return parseIdx(raw, options);
}

/**
 * The total size of an IDX file from its first bytes: null until the header is complete; -1 when
 * the header is invalid (parseIdx then says what is wrong).
 */
export function idxSize(head: Uint8Array): number | null {
  if (head.length < 4) return null;
  const info = DTYPES[head[2]!];
  if (head[0] !== 0 || head[1] !== 0 || !info || head[3] === 0) return -1;
  const headerBytes = 4 + 4 * head[3]!;
  if (head.length < headerBytes) return null;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  let count = 1;
  for (let i = 0; i < head[3]!; i++) count *= view.getUint32(4 + 4 * i, false);
  return headerBytes + count * info.size;
}

/** Parse an uncompressed IDX file (see readIdx, which also takes gzipped files). */
export function parseIdx(bytes: Uint8Array | ArrayBuffer, options: ReadIdxOptions = {}): IdxArray {
  const raw = asBytes(bytes, 'parseIdx');
  const name = options.name ?? 'the IDX file';
  const op = 'readIdx';
  if (isGzip(raw)) throw new IdxFormatError(`${name} is gzipped; use readIdx(), which decompresses it`, op);
  if (raw.length < 4) {
    throw new IdxFormatError(
      `${name} has ${raw.length} bytes, too few for an IDX header (an IDX file starts with 4 bytes 00 00 <dtype> <ndim>); the file is truncated or empty: get it again`,
      op,
    );
  }
  if (raw[0] !== 0 || raw[1] !== 0) {
    const what = looksLikeText(raw) ? ' It looks like text (an HTML error page saved in its place?).' : '';
    throw new IdxFormatError(
      `${name} has the wrong magic number (first bytes ${hex(raw.subarray(0, 4))}); an IDX file starts with 00 00 <dtype> <ndim>, and a gzipped one with 1f 8b.${what} Check that it is an MNIST-style IDX file, or get it again`,
      op,
    );
  }
  const code = raw[2]!;
  const info = DTYPES[code];
  if (!info) {
    throw new IdxFormatError(
      `${name} has the unknown IDX data type byte 0x${code.toString(16).padStart(2, '0')} (bytes ${hex(raw.subarray(0, 4))}); expected one of ${DTYPE_LIST}. The file is damaged or not an IDX file`,
      op,
    );
  }
  const ndim = raw[3]!;
  if (ndim === 0) throw new IdxFormatError(`${name} declares 0 dimensions; an IDX file has at least one`, op);
  const headerBytes = 4 + 4 * ndim;
  if (raw.length < headerBytes) {
    throw new IdxFormatError(
      `${name} is truncated: its header declares ${ndim} dimensions (${headerBytes} header bytes) but the file has only ${raw.length} bytes; get it again`,
      op,
    );
  }
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const shape = Array.from({ length: ndim }, (_, i) => view.getUint32(4 + 4 * i, false));
  const count = shape.reduce((a, b) => a * b, 1);
  const expected = headerBytes + count * info.size;
  if (raw.length < expected) {
    throw new IdxFormatError(
      `${name} is truncated: its header says shape [${shape.join(', ')}] of ${info.dtype}, ${expected} bytes with the header, but the file has ${raw.length} bytes (an interrupted download?); delete it and get it again`,
      op,
    );
  }
  if (raw.length > expected) {
    throw new IdxFormatError(
      `${name} has ${raw.length - expected} bytes more than its header says (shape [${shape.join(', ')}] of ${info.dtype}, ${expected} bytes with the header); the header or the file is damaged: get it again`,
      op,
    );
  }
  return { dtype: info.dtype, shape, data: decode(info.dtype, raw, view, headerBytes, count) };
}

function decode(dtype: IdxDType, raw: Uint8Array, view: DataView, offset: number, count: number): IdxData {
  switch (dtype) {
    case 'uint8':
      return raw.subarray(offset, offset + count);
    case 'int8':
      return new Int8Array(raw.buffer, raw.byteOffset + offset, count);
    case 'int16':
      return Int16Array.from({ length: count }, (_, i) => view.getInt16(offset + 2 * i, false));
    case 'int32':
      return Int32Array.from({ length: count }, (_, i) => view.getInt32(offset + 4 * i, false));
    case 'float32':
      return Float32Array.from({ length: count }, (_, i) => view.getFloat32(offset + 4 * i, false));
    case 'float64':
      return Float64Array.from({ length: count }, (_, i) => view.getFloat64(offset + 8 * i, false));
  }
}
