import type { DType, TypedArray } from '@torchlet/tensor';
import { TorchletError, contiguous, fromTypedArray, shapeStr } from '@torchlet/tensor';
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
  const names = Object.keys(stateDict);
  const datas: Uint8Array[] = [];
  const header: Record<string, unknown> = {};
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
  throw new SafetensorsError(`${msg}. The data is not a valid safetensors file (truncated or corrupt?); re-save it with save() or safetensors.torch.save_file`, 'load');
}

/** Parse safetensors bytes into a state dict (copies, so the bytes can be dropped). */
export function load(bytes: ArrayBuffer | Uint8Array, options: { device?: string } = {}): StateDict {
  const buf = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  if (buf.length < 8) fail(`only ${buf.length} bytes, less than the 8-byte header length`);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const n = Number(view.getBigUint64(0, true));
  if (n > buf.length - 8) fail(`header length ${n} runs past the end of the ${buf.length} bytes`);
  let header: Record<string, HeaderEntry | Record<string, string>>;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(8, 8 + n)));
  } catch (e) {
    fail(`header is not valid JSON (${(e as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) fail('header is not a JSON object');
  const dataStart = 8 + n;
  const dataLen = buf.length - dataStart;
  const out: StateDict = {};
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const e = entry as HeaderEntry;
    if (!e || typeof e.dtype !== 'string' || !Array.isArray(e.shape) || !Array.isArray(e.data_offsets)) fail(`entry '${name}' lacks dtype, shape or data_offsets`);
    const size = ST_BYTES[e.dtype];
    if (!size) fail(`entry '${name}' has unknown dtype ${e.dtype}`);
    const [begin, end] = e.data_offsets;
    const count = e.shape.reduce((a, b) => a * b, 1);
    if (!(begin >= 0 && end >= begin && end <= dataLen)) fail(`entry '${name}' has data offsets [${begin}, ${end}] outside the ${dataLen} data bytes`);
    if (end - begin !== count * size) fail(`entry '${name}' of shape ${shapeStr(e.shape)} and dtype ${e.dtype} needs ${count * size} bytes but has ${end - begin}`);
    const raw = buf.slice(dataStart + begin, dataStart + end);
    out[name] = fromTypedArray(decode(raw, e.dtype, count, name), e.shape, { device: options.device, dtype: e.dtype === 'BOOL' ? 'bool' : undefined });
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
