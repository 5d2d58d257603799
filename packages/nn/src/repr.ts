/** Python's repr of the small values module printing uses. */
export function pyRepr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return pyFloatOrInt(v);
  if (typeof v === 'string') return `'${v}'`;
  if (Array.isArray(v)) return v.length === 1 ? `(${pyRepr(v[0])},)` : `(${v.map(pyRepr).join(', ')})`;
  return String(v);
}

/** repr of a number as Python prints it, keeping floats that were written as floats. */
export function pyFloatOrInt(v: number, isFloat = false): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (Number.isInteger(v) && !isFloat) return String(v);
  if (Number.isInteger(v)) return `${v}.0`;
  // Python switches to exponent notation below 1e-4 (and pads the exponent to two digits)
  const abs = Math.abs(v);
  if (abs < 1e-4 || abs >= 1e16) return v.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  return String(v);
}

/** A float hyperparameter as Python prints it (0.1, 1e-05, 1.0). */
export function pyFloat(v: number): string {
  return pyFloatOrInt(v, true);
}

/** PyTorch's _addindent: indent every line but the first. */
export function addIndent(s: string, n: number): string {
  const lines = s.split('\n');
  if (lines.length === 1) return s;
  return [lines[0], ...lines.slice(1).map((l) => ' '.repeat(n) + l)].join('\n');
}
