import type { Tensor, TensorLike } from '@torchlet/tensor';
import { isTensor, mul, sum } from '@torchlet/tensor';
import { grad, gradcheck } from '@torchlet/autograd';
import { buildInput, fromRecord } from './build.js';
import { defaultTolerance, mismatch, type Tolerance } from './compare.js';
import type { InputRecord, OpCase, DoubleCase } from './fixture-types.js';
import { OP_TABLE } from './op-table.js';

export class ConformanceMismatch extends Error {
  override name = 'ConformanceMismatch';
}

function opFn(op: string) {
  const fn = OP_TABLE[op];
  if (!fn) throw new ConformanceMismatch(`the conformance op table has no entry for fixture op '${op}'`);
  return fn;
}

function call(c: OpCase | DoubleCase, inputs: TensorLike[], device: string): Tensor[] {
  const out = opFn(c.op)(inputs, c.kwargs as Record<string, unknown>, (c as OpCase).positional ?? [], device);
  return Array.isArray(out) ? out : [out];
}

/** float64 results computed from float32 data only get float32 accuracy */
function tolFor(c: OpCase, dtype: string, scale: number): Tolerance {
  const touchesF32 = c.inputs.some((i) => 'dtype' in i && i.dtype === 'float32') || c.outputs.some((o) => o.dtype === 'float32');
  const d = defaultTolerance(touchesF32 ? 'float32' : dtype, scale);
  return { atol: c.atol ?? d.atol, rtol: c.rtol ?? d.rtol };
}

async function expectMatch(what: string, actual: Tensor | null | undefined, expected: { dtype: string } & Parameters<typeof mismatch>[1], tol: Tolerance, checkDType = true) {
  if (!actual) throw new ConformanceMismatch(`${what}: got no tensor`);
  const why = await mismatch(actual, expected, tol, checkDType);
  if (why) throw new ConformanceMismatch(`${what}: ${why}`);
}

/** Forward values (and dtypes) against PyTorch. */
export async function checkForward(c: OpCase, device: string, scale = 1): Promise<void> {
  const inputs = c.inputs.map((s) => buildInput(s, device));
  const outs = call(c, inputs, device);
  if (outs.length !== c.outputs.length) throw new ConformanceMismatch(`${c.name}: ${outs.length} outputs, expected ${c.outputs.length}`);
  for (let i = 0; i < outs.length; i++) {
    const e = c.outputs[i]!;
    await expectMatch(`${c.name} output ${i}`, outs[i], e, tolFor(c, e.dtype, scale));
  }
}

/** Gradients of sum(out * gradOut) against PyTorch's. */
export async function checkGradients(c: OpCase, device: string, scale = 1): Promise<void> {
  const inputs = c.inputs.map((s) => buildInput(s, device));
  const outs = call(c, inputs, device);
  const terms = outs.map((o, i) => (c.gradOutputs![i] ? sum(mul(o, fromRecord(c.gradOutputs![i]!, device))) : null)).filter((t): t is Tensor => !!t);
  const loss = terms.reduce((a, b) => a.add(b));
  const leaves = inputs.filter((t): t is Tensor => isTensor(t) && t.requiresGrad);
  const grads = grad(loss, leaves, { allowUnused: true });
  let k = 0;
  for (let i = 0; i < inputs.length; i++) {
    const t = inputs[i];
    if (!isTensor(t) || !t.requiresGrad) continue;
    const expected = c.grads![i]!;
    const g = grads[k++];
    await expectMatch(`${c.name} grad of input ${i}`, g ?? t.detach().mul(0), expected, tolFor(c, expected.dtype, scale));
  }
}

/** The same op in float64, analytic vs numerical gradients of sum(out * gradOut). */
export function checkGradcheck(c: OpCase, device: string): void {
  const specs: InputRecord[] = c.inputs.map((s) => ('scalar' in s || (s.dtype !== 'float32' && s.dtype !== 'float64') ? s : { ...s, dtype: 'float64' as const }));
  const inputs = specs.map((s) => buildInput(s, device));
  const leaves = inputs.filter((t): t is Tensor => isTensor(t) && t.requiresGrad);
  const gouts = c.gradOutputs!.map((r) => (r ? fromRecord({ ...r, dtype: 'float64' }, device) : null));
  const fn = (...ls: Tensor[]) => {
    let k = 0;
    const args = inputs.map((t) => (isTensor(t) && t.requiresGrad ? ls[k++]! : t));
    const outs = call(c, args, device);
    return outs
      .map((o, i) => (gouts[i] ? sum(mul(o.to('float64'), gouts[i]!)) : null))
      .filter((t): t is Tensor => !!t)
      .reduce((a, b) => a.add(b));
  };
  gradcheck(fn, leaves, { atol: 1e-5, rtol: 1e-3 });
}

/** Second derivatives through createGraph against PyTorch. */
export async function checkDouble(c: DoubleCase, device: string, scale = 1): Promise<void> {
  const inputs = c.inputs.map((s) => buildInput(s, device) as Tensor);
  const [y] = call(c, inputs, device);
  const w = fromRecord(c.gradOutput, device);
  const firsts = grad(sum(mul(y!, w)), inputs, { createGraph: true });
  for (let i = 0; i < firsts.length; i++) await expectMatch(`${c.name} first grad ${i}`, firsts[i], c.firstGrads[i]!, defaultTolerance('float32', scale));
  const total = firsts.map((f, i) => sum(mul(f!, fromRecord(c.vectors[i]!, device)))).reduce((a, b) => a.add(b));
  const seconds = grad(total, inputs, { allowUnused: true });
  for (let i = 0; i < seconds.length; i++) {
    const e = c.secondGrads[i];
    if (!e) continue;
    await expectMatch(`${c.name} second grad ${i}`, seconds[i] ?? inputs[i]!.detach().mul(0), e, defaultTolerance('float32', scale * 10));
  }
}

/** Cases whose inputs sit on kinks (ties, clamp bounds, zeros) where finite differences are meaningless. */
export function isSmoothCase(c: OpCase): boolean {
  if (c.op === 'to' && c.kwargs.dtype !== 'float64') return false;
  return !/ties|boundary|zero|large/.test(c.name);
}
