import { ShapeError, ValueError, isTensor, type Tensor } from '@torchlet/tensor';
import type { StateValue } from './types.js';

const isFloat = (t: Tensor) => t.dtype === 'float32' || t.dtype === 'float64';

/** A copy of one parameter's state: tensors cloned, numbers and null kept. */
export function packState(s: Record<string, StateValue>): Record<string, StateValue> {
  const out: Record<string, StateValue> = {};
  for (const [k, v] of Object.entries(s)) out[k] = isTensor(v) ? v.detach().clone() : v;
  return out;
}

function copyOnto(v: Tensor, p: Tensor): Tensor {
  const dtype = isFloat(p) && isFloat(v) ? p.dtype : v.dtype;
  const t = v.detach();
  return t.dtype === dtype && t.device === p.device ? t.clone() : t.to({ dtype, device: p.device });
}

/**
 * One parameter's saved state as the optimizer will own it: tensors copied onto the parameter's
 * dtype and device (except `step`, a number), checked against the parameter's shape and against
 * the keys a fresh state of this optimizer has (`template`, freed here).
 */
export function unpackState(
  value: unknown,
  p: Tensor,
  index: number,
  op: string,
  template: Record<string, StateValue>,
): Record<string, StateValue> {
  const out: Record<string, StateValue> = {};
  try {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new ValueError(`state of parameter ${index} must be an object like { step, expAvg, ... }, got ${String(value)}`, op);
    }
    for (const [k, v] of Object.entries(value)) {
      if (isTensor(v)) {
        if (k === 'step') {
          out[k] = v.itemSync();
          continue;
        }
        if (v.shape.length !== p.shape.length || v.shape.some((s, d) => s !== p.shape[d])) {
          throw new ShapeError(
            `state '${k}' of parameter ${index} has shape [${v.shape}] but the parameter has shape [${p.shape}]; the state dict comes from a different model or parameter order`,
            op,
          );
        }
        out[k] = copyOnto(v, p);
      } else if (v === null || typeof v === 'number' || typeof v === 'boolean') {
        out[k] = v;
      } else {
        throw new ValueError(`state '${k}' of parameter ${index} must be a Tensor, a number or null, got ${typeof v}`, op);
      }
    }
    const missing = Object.keys(template).filter((k) => !(k in out));
    if (missing.length > 0) {
      throw new ValueError(
        `state of parameter ${index} lacks ${missing.join(', ')} (it has ${Object.keys(out).join(', ') || 'nothing'}); was the state dict saved from another optimizer or with other options?`,
        op,
      );
    }
    return out;
  } catch (e) {
    for (const v of Object.values(out)) if (isTensor(v)) v.dispose();
    throw e;
  } finally {
    for (const v of Object.values(template)) if (isTensor(v)) v.dispose();
  }
}
