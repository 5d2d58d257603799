import { specOf, type TransformFn, type TransformSpec } from './transform.js';

function flatten(t: TransformFn, out: TransformSpec[]): boolean {
  const spec = specOf(t);
  if (!spec) return false;
  if (spec.kind === 'compose') return spec.transforms.every((u) => flatten(u, out));
  out.push(spec);
  return true;
}

/**
 * For dataset authors: when `transform` is `toTensor()` followed by any number of `normalize()`
 * (directly or through `compose`), a table per channel that maps each byte value 0..255 to the
 * float32 the transform makes of it, rounding at each step as the tensor ops do, so a batch can be
 * built from raw bytes in one loop with the same result. Null for any other transform.
 */
export function byteLookupTables(transform: TransformFn | undefined, channels: number): Float32Array[] | null {
  if (!transform) return null;
  const steps: TransformSpec[] = [];
  if (!flatten(transform, steps) || steps[0]?.kind !== 'toTensor') return null;
  const norms = steps.slice(1);
  if (
    !norms.every(
      (s) =>
        s.kind === 'normalize' && (s.mean.length === 1 || s.mean.length === channels) && (s.std.length === 1 || s.std.length === channels),
    )
  )
    return null;
  const f = Math.fround;
  return Array.from({ length: channels }, (_, c) => {
    const lut = new Float32Array(256);
    for (let v = 0; v < 256; v++) {
      let x = f(v / 255);
      for (const s of norms) {
        if (s.kind !== 'normalize') continue;
        const m = f(s.mean.length === 1 ? s.mean[0]! : s.mean[c]!);
        const d = f(s.std.length === 1 ? s.std[0]! : s.std[c]!);
        x = f(f(x - m) / d);
      }
      lut[v] = x;
    }
    return lut;
  });
}
