import { checkOptions, snakeCase, ValueError } from '@torchlet/tensor';

/** Argument checks shared by the optimizers and schedulers; each error says PyTorch's rule and the fix. */

type Bag = Readonly<Record<string, unknown>>;

function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(show).join(', ')}]`;
  return String(v);
}

/** `bag[key]` must be a number >= 0 (NaN and strings are rejected too). */
export function nonNegative(op: string, bag: Bag, key: string, what: string, example: string): void {
  const v = bag[key];
  if (typeof v !== 'number' || !(v >= 0)) {
    throw new ValueError(`Invalid ${what}: ${show(v)}; ${key} must be a number >= 0 (e.g. ${key}: ${example})`, op);
  }
}

export function boolean(op: string, bag: Bag, key: string): void {
  const v = bag[key];
  if (typeof v !== 'boolean') throw new ValueError(`${key} must be true or false, got ${show(v)}`, op);
}

/** betas: two numbers in [0, 1). */
export function betas(op: string, bag: Bag): void {
  const b = bag.betas;
  if (!Array.isArray(b) || b.length !== 2) {
    throw new ValueError(`betas must be a pair [beta1, beta2] of numbers in [0, 1), e.g. betas: [0.9, 0.999]; got ${show(b)}`, op);
  }
  b.forEach((v: unknown, i) => {
    if (typeof v !== 'number' || !(v >= 0 && v < 1)) {
      throw new ValueError(
        `Invalid beta parameter at index ${i}: ${show(v)}; betas are decay rates of running averages and must lie in [0, 1), e.g. betas: [0.9, 0.999]`,
        op,
      );
    }
  });
}

/** A positive integer (scheduler step counts and periods). */
export function positiveInt(op: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) {
    throw new ValueError(`Expected positive integer ${name}, but got ${show(v)}`, op);
  }
  return v;
}

export function finite(op: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ValueError(`${name} must be a finite number, got ${show(v)}`, op);
  return v;
}

/**
 * Options objects take only the names an optimizer or scheduler knows, in camelCase: tensor's
 * checkOptions, with one more hint for PyTorch's snake_case spelling of a known name.
 */
export function knownOptions(op: string, options: object | undefined, known: readonly string[]): void {
  if (options !== null && typeof options === 'object') {
    for (const key of Object.keys(options)) {
      const camel = known.includes(key) ? undefined : known.find((k) => snakeCase(k) === key);
      if (camel)
        throw new ValueError(`unknown option '${key}'; Torchlet spells PyTorch's keyword arguments in camelCase: use '${camel}'`, op);
    }
  }
  checkOptions(options, known, op);
}

/** Param groups may carry extra keys, but not PyTorch's snake_case spelling of a known one. */
export function noSnakeCase(op: string, group: object, known: readonly string[]): void {
  for (const key of Object.keys(group)) {
    const camel = known.find((k) => k !== key && snakeCase(k) === key);
    if (camel) throw new ValueError(`param group key '${key}' would be ignored; Torchlet spells it '${camel}'`, op);
  }
}
