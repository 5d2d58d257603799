import { DisposedError, type Tensor, ValueError, isTensor } from '@torchlet/tensor';

function kind(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'an array';
  if (typeof x === 'object') return (x as object).constructor?.name ?? 'object';
  return typeof x;
}

export function isIterable(x: unknown): x is Iterable<unknown> {
  return x !== null && typeof x === 'object' && typeof (x as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function';
}

/** The optimizer's first argument as a list of group inputs (PyTorch: tensors or dicts). */
export function groupInputs(params: unknown, op: string): unknown[] {
  if (isTensor(params)) {
    throw new ValueError(
      'params argument given to the optimizer should be an iterable of Tensors or param groups, but got a single Tensor; wrap it in an array: [w]',
      op,
    );
  }
  if (!isIterable(params)) {
    throw new ValueError(
      `params argument given to the optimizer should be an iterable of Tensors or param groups, but got ${kind(params)}`,
      op,
    );
  }
  const list = [...params];
  if (list.length === 0) throw new ValueError('optimizer got an empty parameter list; pass the tensors to train, e.g. [w, b]', op);
  return isTensor(list[0]) ? [{ params: list }] : list;
}

/** The `params` entry of a group as a list of trainable leaf tensors. */
export function groupTensors(params: unknown, op: string): Tensor[] {
  const list = isTensor(params) ? [params] : isIterable(params) ? [...params] : null;
  if (list === null) throw new ValueError(`a param group's params must be a Tensor or an iterable of Tensors, got ${kind(params)}`, op);
  list.forEach((p, i) => {
    if (!isTensor(p)) throw new ValueError(`optimizer can only optimize Tensors, but params[${i}] is ${kind(p)}`, op);
    if (p.isDisposed) throw new DisposedError(`params[${i}] was disposed; an optimizer needs live tensors`, op);
    if (!p.isLeaf && !p.retainsGrad) {
      throw new ValueError(
        `can't optimize a non-leaf Tensor (params[${i}] was computed by ${p.gradFn?.name}); optimize the leaf it comes from, or make a new leaf with .detach().requiresGrad_()`,
        op,
      );
    }
  });
  const tensors = list as Tensor[];
  if (new Set(tensors).size !== tensors.length) {
    throw new ValueError('a parameter group contains the same Tensor twice; list each parameter once', op);
  }
  return tensors;
}

/** PyTorch-style `Group N` listing of hyperparameters, keys sorted. */
export function formatGroups(name: string, groups: readonly Record<string, unknown>[]): string {
  const show = (v: unknown): string => (Array.isArray(v) ? `[${v.map(show).join(', ')}]` : String(v));
  const lines = [`${name} (`];
  groups.forEach((g, i) => {
    lines.push(`Parameter Group ${i}`);
    for (const key of Object.keys(g)
      .filter((k) => k !== 'params')
      .sort())
      lines.push(`    ${key}: ${show(g[key])}`);
  });
  lines.push(')');
  return lines.join('\n');
}
