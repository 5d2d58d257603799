// The tutorial's CNN, the same classes as apps/mnist-cnn (so the safetensors key names match it
// and PyTorch's), and the mapping between Net1's and Net2's key names (the same layers).
import type { nn } from 'torchlet';
import { Net1, Net2 } from '../../mnist-cnn/src/models.js';
import type { ModelKind } from './protocol.js';

export function createModel(kind: ModelKind): nn.Module {
  return kind === 'net1' ? new Net1() : new Net2();
}

/** Net1's parameter names and Net2's for the same layers, in order. */
const PAIRS: [string, string][] = [
  ['conv1', 'head.0'],
  ['conv2', 'head.3'],
  ['fc1', 'tail.0'],
  ['fc2', 'tail.2'],
].flatMap(([a, b]) => [
  [`${a}.weight`, `${b}.weight`],
  [`${a}.bias`, `${b}.bias`],
]) as [string, string][];

/** Which of the two networks a state dict is for, from its keys; a readable error otherwise. */
export function kindOfStateDict(dict: nn.StateDict, name = 'the file'): ModelKind {
  const keys = Object.keys(dict).sort();
  const net1 = PAIRS.map((p) => p[0]).sort();
  const net2 = PAIRS.map((p) => p[1]).sort();
  if (keys.join() === net1.join()) return 'net1';
  if (keys.join() === net2.join()) return 'net2';
  const shown = keys.length > 10 ? `${keys.slice(0, 10).join(', ')}, ... (${keys.length} in all)` : keys.join(', ') || 'no tensors';
  throw new Error(
    `${name} holds ${shown}; the tutorial's CNN needs ${net1.join(', ')} (Net1) or ${net2.join(', ')} (Net2), as apps/mnist-cnn --save writes them`,
  );
}

/** The same weights under the key names of `kind`. */
export function toModelKeys(dict: nn.StateDict, kind: ModelKind): nn.StateDict {
  const from = kindOfStateDict(dict);
  if (from === kind) return dict;
  const out: nn.StateDict = {};
  for (const [a, b] of PAIRS) out[kind === 'net1' ? a : b] = dict[from === 'net1' ? a : b]!;
  return out;
}
