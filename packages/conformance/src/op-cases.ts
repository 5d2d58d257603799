import type { Tensor, TensorLike } from '@torchlet/tensor';
import { isTensor, mul, sum } from '@torchlet/tensor';
import { grad, gradcheck } from '@torchlet/autograd';
import { buildInput, fromRecord } from './build.js';
import { defaultTolerance, mismatch, type Tolerance } from './compare.js';
import type { InputRecord, OpCase, DoubleCase, TensorRecord } from './fixture-types.js';
import { OP_TABLE } from './op-table.js';
import { declared, loosen, type CheckContext, type CheckKind } from './tolerance.js';

/** A backend's result that does not match PyTorch's, with what differs. */
export class ConformanceMismatch extends Error {
  /** 'ConformanceMismatch'. */
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

const ctxOf = (device: string, scale: number | CheckContext): CheckContext =>
  typeof scale === 'number' ? { device, scale, float64: true, tolerances: {} } : scale;

/** float64 results computed from float32 data only get float32 accuracy */
function tolFor(c: OpCase | DoubleCase, dtype: string, ctx: CheckContext, kind: CheckKind): Tolerance {
  const touchesF32 =
    c.inputs.some((i) => 'dtype' in i && i.dtype === 'float32') || ('outputs' in c && c.outputs.some((o) => o.dtype === 'float32'));
  const d = defaultTolerance(touchesF32 ? 'float32' : dtype, ctx.scale);
  const own = 'atol' in c ? { atol: c.atol ?? d.atol, rtol: c.rtol ?? d.rtol } : d;
  return loosen(own, declared(ctx.tolerances, [`${kind}:${c.op}`, c.op]));
}

async function expectMatch(what: string, actual: Tensor | null | undefined, expected: TensorRecord, tol: Tolerance, checkDType = true) {
  if (!actual) throw new ConformanceMismatch(`${what}: got no tensor`);
  const why = await mismatch(actual, expected, tol, checkDType);
  if (why) throw new ConformanceMismatch(`${what}: ${why}`);
}

/** Forward values (and dtypes) against PyTorch. `scale`: a tolerance scale or the full context. */
export async function checkForward(c: OpCase, device: string, scale: number | CheckContext = 1): Promise<void> {
  const ctx = ctxOf(device, scale);
  const inputs = c.inputs.map((s) => buildInput(s, device));
  const outs = call(c, inputs, device);
  if (outs.length !== c.outputs.length) throw new ConformanceMismatch(`${c.name}: ${outs.length} outputs, expected ${c.outputs.length}`);
  for (let i = 0; i < outs.length; i++) {
    const e = c.outputs[i]!;
    await expectMatch(`${c.name} output ${i}`, outs[i], e, tolFor(c, e.dtype, ctx, 'forward'));
  }
}

/** Gradients of sum(out * gradOut) against PyTorch's. */
export async function checkGradients(c: OpCase, device: string, scale: number | CheckContext = 1): Promise<void> {
  const ctx = ctxOf(device, scale);
  const inputs = c.inputs.map((s) => buildInput(s, device));
  const outs = call(c, inputs, device);
  const terms = outs
    .map((o, i) => (c.gradOutputs![i] ? sum(mul(o, fromRecord(c.gradOutputs![i]!, device))) : null))
    .filter((t): t is Tensor => !!t);
  const loss = terms.reduce((a, b) => a.add(b));
  const leaves = inputs.filter((t): t is Tensor => isTensor(t) && t.requiresGrad);
  const grads = grad(loss, leaves, { allowUnused: true });
  let k = 0;
  for (let i = 0; i < inputs.length; i++) {
    const t = inputs[i];
    if (!isTensor(t) || !t.requiresGrad) continue;
    const expected = c.grads![i]!;
    const g = grads[k++];
    await expectMatch(`${c.name} grad of input ${i}`, g ?? t.detach().mul(0), expected, tolFor(c, expected.dtype, ctx, 'grad'));
  }
}

/** The same op in float64, analytic vs numerical gradients of sum(out * gradOut). */
export function checkGradcheck(c: OpCase, device: string): void {
  const specs: InputRecord[] = c.inputs.map((s) =>
    'scalar' in s || (s.dtype !== 'float32' && s.dtype !== 'float64') ? s : { ...s, dtype: 'float64' as const },
  );
  const inputs = specs.map((s) => buildInput(s, device));
  const leaves = inputs.filter((t): t is Tensor => isTensor(t) && t.requiresGrad);
  const gouts = c.gradOutputs!.map((r) => (r ? fromRecord(r, device).to('float64') : null));
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

async function allZero(t: Tensor): Promise<boolean> {
  return Array.from(await t.data()).every((v) => v === 0);
}

/** First and second derivatives through createGraph against PyTorch. */
export async function checkDouble(c: DoubleCase, device: string, scale: number | CheckContext = 1): Promise<void> {
  const ctx = ctxOf(device, scale);
  const tol = tolFor(c, 'float32', ctx, 'double');
  const inputs = c.inputs.map((s) => buildInput(s, device));
  const leaves = inputs.filter((t): t is Tensor => isTensor(t) && t.requiresGrad);
  const [y] = call(c, inputs, device);
  const w = fromRecord(c.gradOutput, device);
  const firsts = grad(sum(mul(y!, w)), leaves, { createGraph: true, allowUnused: true }).map((f, i) => f ?? leaves[i]!.detach().mul(0));
  for (let i = 0; i < firsts.length; i++) await expectMatch(`${c.name} first grad ${i}`, firsts[i], c.firstGrads[i]!, tol);
  const total = firsts.map((f, i) => sum(mul(f, fromRecord(c.vectors[i]!, device)))).reduce((a, b) => a.add(b));
  const seconds = total.requiresGrad ? grad(total, leaves, { allowUnused: true }) : leaves.map(() => null);
  for (let i = 0; i < seconds.length; i++) {
    const e = c.secondGrads[i];
    const got = seconds[i];
    if (!e) {
      // PyTorch has no second-order path here: the derivative is zero
      if (got && !(await allZero(got)))
        throw new ConformanceMismatch(`${c.name} second grad ${i}: expected zero (PyTorch has no path), got non-zero values`);
      continue;
    }
    await expectMatch(`${c.name} second grad ${i}`, got ?? leaves[i]!.detach().mul(0), e, tol);
  }
}

/** Cases whose inputs sit on kinks (ties, clamp bounds, zeros) where finite differences are meaningless. */
export function isSmoothCase(c: OpCase): boolean {
  if (c.op === 'to' && c.kwargs.dtype !== 'float64') return false;
  if (c.name.startsWith('edges/')) return false;
  return !/ties|boundary|zero|large/.test(c.name);
}

/** Numerical Jacobians cost one evaluation per input element: gradcheck the small cases only. */
export function isSmallCase(c: OpCase, maxElements = 256): boolean {
  const n = c.inputs.reduce((acc, s) => acc + ('scalar' in s || !s.requiresGrad ? 0 : s.shape.reduce((a, b) => a * b, 1)), 0);
  return n <= maxElements && c.outputs.every((o) => !o.digest);
}
