// MD5 (RFC 1321) of bytes, as hex. WebCrypto has no MD5, and the published checksums of the
// MNIST files are MD5s, so this small implementation checks downloads in Node and browsers alike.

const S = [
  7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 4, 11, 16, 23, 4, 11,
  16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
];
const K = Int32Array.from({ length: 64 }, (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) | 0);

/** Process one 64-byte block of `words` (16 little-endian words) into the state. */
function block(state: Int32Array, words: Int32Array): void {
  let a = state[0]!;
  let b = state[1]!;
  let c = state[2]!;
  let d = state[3]!;
  for (let i = 0; i < 64; i++) {
    let f: number;
    let g: number;
    if (i < 16) {
      f = (b & c) | (~b & d);
      g = i;
    } else if (i < 32) {
      f = (d & b) | (~d & c);
      g = (5 * i + 1) & 15;
    } else if (i < 48) {
      f = b ^ c ^ d;
      g = (3 * i + 5) & 15;
    } else {
      f = c ^ (b | ~d);
      g = (7 * i) & 15;
    }
    const sum = (a + f + K[i]! + words[g]!) | 0;
    const s = S[i]!;
    a = d;
    d = c;
    c = b;
    b = (b + ((sum << s) | (sum >>> (32 - s)))) | 0;
  }
  state[0] = (state[0]! + a) | 0;
  state[1] = (state[1]! + b) | 0;
  state[2] = (state[2]! + c) | 0;
  state[3] = (state[3]! + d) | 0;
}

/** The MD5 digest of `bytes` as 32 lowercase hex digits. */
export function md5Hex(bytes: Uint8Array): string {
  const state = Int32Array.from([0x67452301, 0xefcdab89 | 0, 0x98badcfe | 0, 0x10325476]);
  const words = new Int32Array(16);
  const n = bytes.length;
  const full = n - (n % 64);
  for (let off = 0; off < full; off += 64) {
    for (let w = 0; w < 16; w++) {
      const p = off + w * 4;
      words[w] = bytes[p]! | (bytes[p + 1]! << 8) | (bytes[p + 2]! << 16) | (bytes[p + 3]! << 24);
    }
    block(state, words);
  }
  // padding: 0x80, zeros, then the length in bits as 64-bit little-endian
  const tail = new Uint8Array(n % 64 < 56 ? 64 : 128);
  tail.set(bytes.subarray(full));
  tail[n % 64] = 0x80;
  const view = new DataView(tail.buffer);
  view.setUint32(tail.length - 8, (n * 8) >>> 0, true);
  view.setUint32(tail.length - 4, Math.floor(n / 2 ** 29), true);
  for (let off = 0; off < tail.length; off += 64) {
    for (let w = 0; w < 16; w++) words[w] = view.getInt32(off + w * 4, true);
    block(state, words);
  }
  let hex = '';
  for (let i = 0; i < 4; i++) {
    const v = state[i]!;
    for (let k = 0; k < 4; k++) hex += ((v >>> (8 * k)) & 0xff).toString(16).padStart(2, '0');
  }
  return hex;
}
