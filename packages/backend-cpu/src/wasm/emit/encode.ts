/** Byte encodings of the WebAssembly binary format (LEB128 integers, IEEE floats, names). */

export function uleb(out: number[], v: number): void {
  do {
    let b = v & 0x7f;
    v = Math.floor(v / 128);
    if (v !== 0) b |= 0x80;
    out.push(b);
  } while (v !== 0);
}

export function sleb(out: number[], v: number): void {
  for (;;) {
    const b = v & 0x7f;
    v = Math.floor(v / 128);
    const done = (v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0);
    out.push(done ? b : b | 0x80);
    if (done) return;
  }
}

const f32buf = new DataView(new ArrayBuffer(8));

export function f32bytes(out: number[], v: number): void {
  f32buf.setFloat32(0, v, true);
  for (let i = 0; i < 4; i++) out.push(f32buf.getUint8(i));
}

export function f64bytes(out: number[], v: number): void {
  f32buf.setFloat64(0, v, true);
  for (let i = 0; i < 8; i++) out.push(f32buf.getUint8(i));
}

export function name(out: number[], s: string): void {
  const bytes = new TextEncoder().encode(s);
  uleb(out, bytes.length);
  for (const b of bytes) out.push(b);
}

/** A section: id, byte length, contents. */
export function section(out: number[], id: number, body: number[]): void {
  out.push(id);
  uleb(out, body.length);
  for (const b of body) out.push(b);
}

export const VALTYPE = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, v128: 0x7b } as const;
export type ValType = keyof typeof VALTYPE;
