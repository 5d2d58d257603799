import type { Tensor } from '@torchlet/tensor';
import { ValueError, isTensor, shapeStr, shapesEqual } from '@torchlet/tensor';
import { noGrad } from '@torchlet/autograd';

/** Parameter and buffer tensors by PyTorch-style key ("fc1.weight", "bn.running_mean"). */
export type StateDict = Record<string, Tensor>;

/** What {@link Module.loadStateDict} returns: the keys that did not match (both empty after a strict load). */
export interface LoadResult {
  /** Keys the module has but the state dict lacked (only with `strict: false`). */
  missingKeys: string[];
  /** Keys of the state dict the module does not have (only with `strict: false`). */
  unexpectedKeys: string[];
}

/** Raised by loadStateDict when keys or shapes do not fit; lists every problem by name. */
export class StateDictError extends ValueError {}

/** Write `source` into the module's own tensors (`target`, from stateDict()). */
export function applyStateDict(target: StateDict, source: StateDict, strict: boolean): LoadResult {
  if (source instanceof Map) source = Object.fromEntries(source) as StateDict;
  for (const [k, v] of Object.entries(source)) {
    if (!isTensor(v)) {
      throw new StateDictError(
        `entry "${k}" of the state dict is ${v === null ? 'null' : typeof v}, not a Tensor; a state dict maps names to tensors (m.stateDict(), loadFile(...))`,
        'loadStateDict',
      );
    }
  }
  const has = (o: StateDict, k: string) => Object.hasOwn(o, k);
  const missingKeys = Object.keys(target).filter((k) => !has(source, k));
  const unexpectedKeys = Object.keys(source).filter((k) => !has(target, k));
  const mismatched = Object.keys(target)
    .filter((k) => has(source, k) && !shapesEqual(target[k]!.shape, source[k]!.shape))
    .map(
      (k) =>
        `size mismatch for ${k}: copying a param with shape ${shapeStr(source[k]!.shape)} from checkpoint, the shape in current model is ${shapeStr(target[k]!.shape)}`,
    );
  const problems: string[] = [];
  if (strict && missingKeys.length) problems.push(`Missing key(s) in state_dict: ${missingKeys.map((k) => `"${k}"`).join(', ')}.`);
  if (strict && unexpectedKeys.length) problems.push(`Unexpected key(s) in state_dict: ${unexpectedKeys.map((k) => `"${k}"`).join(', ')}.`);
  problems.push(...mismatched);
  if (problems.length) {
    throw new StateDictError(`Error(s) in loading state_dict:\n\t${problems.join('\n\t')}`, 'loadStateDict');
  }
  noGrad(() => {
    for (const [k, t] of Object.entries(target)) if (has(source, k)) t.copy_(source[k]!);
  });
  return { missingKeys, unexpectedKeys };
}
