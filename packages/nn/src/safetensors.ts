import type { DType, TypedArray } from '@torchlet/tensor';
import { TorchletError, ValueError, checkOptions, contiguous, describeValue, fromTypedArray, isTensor, shapeStr } from '@torchlet/tensor';
import type { StateDict } from './state-dict.js';

/** A file or byte buffer that is not valid safetensors. */
export class SafetensorsError extends TorchletError {}

const TO_ST: Record<DType, string> = { float32: 'F32', float64: 'F64', int32: 'I32', uint8: 'U8', bool: 'BOOL' };
const ST_BYTES: Record<string, number> = { F64: 8, F32: 4, F16: 2, BF16: 2, I64: 8, I32: 4, I16: 2, I8: 1, U8: 1, BOOL: 1 };

interface HeaderEntry {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

/**
 * Serialise a state dict to safetensors bytes (8-byte little-endian header length, JSON header,
 * raw little-endian data), readable by PyTorch's `safetensors.torch.load`.
 */
export async function save(stateDict: StateDict, metadata: Record<string, string> = {}): Promise<Uint8Array> {
  if (stateDict === null || typeof stateDict !== 'object')
    throw new ValueError(`expected a state dict (name -> Tensor, e.g. m.stateDict()), got ${describeValue(stateDict)}`, 'save');
  for (const [k, v] of Object.entries(stateDict)) {
    if (!isTensor(v))
      throw new ValueError(`entry "${k}" is ${describeValue(v)}, not a Tensor; save takes a state dict of tensors (m.stateDict())`, 'save');
  }
  if (metadata === null || typeof metadata !== 'object')
    throw new ValueError(`metadata must be an object of strings, got ${describeValue(metadata)}`, 'save');
  for (const [k, v] of Object.entries(metadata)) {
    if (typeof v !== 'string')
      throw new ValueError(`metadata "${k}" is ${describeValue(v)}; safetensors metadata values must be strings`, 'save');
  }
  const names = Object.keys(stateDict);
  const datas: Uint8Array[] = [];
  // no prototype: a tensor named "__proto__" is an entry like any other
  const header: Record<string, unknown> = Object.create(null);
  if (Object.keys(metadata).length) header.__metadata__ = metadata;
  let offset = 0;
  for (const name of names) {
    const t = stateDict[name]!;
    const values = await contiguous(t.detach()).data();
    const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength).slice();
    header[name] = { dtype: TO_ST[t.dtype], shape: [...t.shape], data_offsets: [offset, offset + bytes.length] };
    datas.push(bytes);
    offset += bytes.length;
  }
  let json = JSON.stringify(header);
  // pad with spaces so the data starts 8-byte aligned, as the reference writer does
  json += ' '.repeat((8 - ((8 + new TextEncoder().encode(json).length) % 8)) % 8);
  const head = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + head.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(head.length), true);
  out.set(head, 8);
  let p = 8 + head.length;
  for (const d of datas) {
    out.set(d, p);
    p += d.length;
  }
  return out;
}

function fail(msg: string): never {
  throw new SafetensorsError(
    `${msg}. The data is not a valid safetensors file (truncated or corrupt?); re-save it with save() or safetensors.torch.save_file`,
    'load',
  );
}

/** The reference implementation's limit on the JSON header (100 MB). */
const MAX_HEADER = 100_000_000;

const isIndex = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/**
 * Parse safetensors bytes into a state dict (copies, so the bytes can be dropped). The header is
 * validated as the format's spec requires: a JSON object of entries with a known dtype, a shape
 * of non-negative integers and two integer data offsets; the entries, in offset order, cover the
 * data region exactly, without gaps or overlap; `__metadata__` maps strings to strings. The
 * result has no prototype, so a tensor named "__proto__" or "constructor" is just a key.
 */
export function load(bytes: ArrayBuffer | Uint8Array, options: { device?: string } = {}): StateDict {
  if (!(bytes instanceof Uint8Array) && !(bytes instanceof ArrayBuffer))
    fail(`expected a Uint8Array or ArrayBuffer, got ${describeValue(bytes)}`);
  checkOptions(options, ['device'], 'load');
  const buf = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  if (buf.length < 8) fail(`only ${buf.length} bytes, less than the 8-byte header length`);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const n = Number(view.getBigUint64(0, true));
  if (n > buf.length - 8) fail(`header length ${n} runs past the end of the ${buf.length} bytes`);
  if (n > MAX_HEADER) fail(`header length ${n} is over the format's limit of ${MAX_HEADER} bytes`);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(8, 8 + n)));
  } catch (e) {
    fail(`header is not valid JSON (${(e as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) fail('header is not a JSON object');
  const dataStart = 8 + n;
  const dataLen = buf.length - dataStart;
  const entries: [string, HeaderEntry][] = [];
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') {
      if (typeof entry !== 'object' || entry === null || Array.isArray(entry) || Object.values(entry).some((v) => typeof v !== 'string')) {
        fail('__metadata__ must be an object of string values');
      }
      continue;
    }
    const e = entry as HeaderEntry;
    if (typeof e !== 'object' || e === null || typeof e.dtype !== 'string' || !Array.isArray(e.shape) || !Array.isArray(e.data_offsets)) {
      fail(`entry '${name}' lacks dtype, shape or data_offsets`);
    }
    if (!Object.hasOwn(ST_BYTES, e.dtype)) fail(`entry '${name}' has unknown dtype ${JSON.stringify(e.dtype)}`);
    if (!e.shape.every(isIndex)) fail(`entry '${name}' has shape ${JSON.stringify(e.shape)}; sizes must be non-negative integers`);
    if (e.data_offsets.length !== 2 || !e.data_offsets.every(isIndex)) {
      fail(`entry '${name}' has data_offsets ${JSON.stringify(e.data_offsets)}; they must be two non-negative integers [begin, end]`);
    }
    const [begin, end] = e.data_offsets;
    if (!(end >= begin && end <= dataLen)) fail(`entry '${name}' has data offsets [${begin}, ${end}] outside the ${dataLen} data bytes`);
    const count = e.shape.reduce((a, b) => a * b, 1);
    const size = ST_BYTES[e.dtype]!;
    if (end - begin !== count * size)
      fail(`entry '${name}' of shape ${shapeStr(e.shape)} and dtype ${e.dtype} needs ${count * size} bytes but has ${end - begin}`);
    entries.push([name, e]);
  }
  // the entries must tile the data region: no holes, no overlap, nothing left over
  const sorted = [...entries].sort((a, b) => a[1].data_offsets[0] - b[1].data_offsets[0] || a[1].data_offsets[1] - b[1].data_offsets[1]);
  let covered = 0;
  for (const [name, e] of sorted) {
    const [begin, end] = e.data_offsets;
    if (begin !== covered) {
      fail(
        begin < covered
          ? `entry '${name}' at data offsets [${begin}, ${end}] overlaps the entry before it, which ends at ${covered}`
          : `the data bytes [${covered}, ${begin}) before entry '${name}' belong to no entry`,
      );
    }
    covered = end;
  }
  if (covered !== dataLen) fail(`the entries cover ${covered} of the ${dataLen} data bytes; the rest belongs to no entry`);
  const out = Object.create(null) as StateDict;
  for (const [name, e] of entries) {
    const [begin, end] = e.data_offsets;
    const count = e.shape.reduce((a, b) => a * b, 1);
    const raw = buf.slice(dataStart + begin, dataStart + end);
    out[name] = fromTypedArray(decode(raw, e.dtype, count, name), e.shape, {
      device: options.device,
      dtype: e.dtype === 'BOOL' ? 'bool' : undefined,
    });
  }
  return out;
}

/** Typed array for one entry; 64-bit integers become int32 (Torchlet has no int64). */
function decode(raw: Uint8Array, dtype: string, count: number, name: string): TypedArray {
  const dv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  switch (dtype) {
    case 'F32':
      return new Float32Array(raw.buffer, raw.byteOffset, count);
    case 'F64':
      return new Float64Array(raw.buffer, raw.byteOffset, count);
    case 'I32':
      return new Int32Array(raw.buffer, raw.byteOffset, count);
    case 'U8':
    case 'BOOL':
      return raw;
    case 'I64': {
      const a = new Int32Array(count);
      for (let i = 0; i < count; i++) {
        const v = dv.getBigInt64(i * 8, true);
        if (v > 2147483647n || v < -2147483648n) fail(`entry '${name}' holds int64 value ${v} outside the int32 range`);
        a[i] = Number(v);
      }
      return a;
    }
    case 'I8':
      return Int32Array.from(new Int8Array(raw.buffer, raw.byteOffset, count));
    case 'I16':
      return Int32Array.from({ length: count }, (_, i) => dv.getInt16(i * 2, true));
    case 'F16':
    case 'BF16': {
      const a = new Float32Array(count);
      for (let i = 0; i < count; i++) a[i] = dtype === 'F16' ? half(dv.getUint16(i * 2, true)) : bf16(dv.getUint16(i * 2, true));
      return a;
    }
    default:
      return fail(`unsupported dtype ${dtype}`);
  }
}

function half(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * 2 ** -14 * (f / 1024);
  if (e === 31) return f ? NaN : s * Infinity;
  return s * 2 ** (e - 15) * (1 + f / 1024);
}
function bf16(h: number): number {
  return new Float32Array(new Uint32Array([h << 16]).buffer)[0]!;
}

/**
 * Load safetensors from a URL (`fetch`) or a Blob / File (an upload or a drop), in browsers and
 * Node. For file paths use `loadFile` from `@torchlet/nn/node`.
 *
 *   const sd = await loadUrl('/weights/net1.safetensors');
 *   model.loadStateDict(sd);
 */
export async function loadUrl(source: string | URL | Blob, options: { device?: string } = {}): Promise<StateDict> {
  if (typeof Blob !== 'undefined' && source instanceof Blob) return load(await source.arrayBuffer(), options);
  const s = String(source);
  const res = await fetch(s);
  if (!res.ok) throw new SafetensorsError(`GET ${s} answered ${res.status} ${res.statusText}`, 'loadUrl');
  return load(await res.arrayBuffer(), options);
}
