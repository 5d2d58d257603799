import { afterEach, describe, expect, it } from 'vitest';
import type { Tensor } from '../src/index.js';
import { ValueError, apply, registerBackend, resetRegistry, tracing, withTracer, zeros } from '../src/index.js';
import { fakeBackend } from './fake-backend.js';

afterEach(() => resetRegistry());

function recorder() {
  const ops: { op: string; inputs: readonly Tensor[]; attrs: object; outputs: readonly Tensor[] }[] = [];
  return {
    ops,
    tracer: {
      record: (op: string, inputs: readonly Tensor[], attrs: object, outputs: readonly Tensor[]) =>
        ops.push({ op, inputs, attrs, outputs }),
    },
  };
}

describe('op tracing hook', () => {
  it('records every dispatched op with its inputs, attributes and outputs', () => {
    registerBackend('fake', fakeBackend);
    const x = zeros(2, 3);
    const { ops, tracer } = recorder();
    const y = withTracer(tracer, () => x.t().unsqueeze(0));
    expect(ops.map((o) => o.op)).toEqual(['permute', 'view']);
    expect(ops[0]!.inputs[0]).toBe(x);
    expect(ops[0]!.attrs).toEqual({ dims: [1, 0] });
    expect(ops[1]!.outputs[0]).toBe(y);
    expect(tracing.tracer).toBeUndefined();
  });
  it('reports only the outermost op when ops run inside another op', () => {
    registerBackend('fake', fakeBackend);
    const x = zeros(4);
    const { ops, tracer } = recorder();
    withTracer(tracer, () => apply('outer', [x], { k: 1 }, () => x.view(2, 2).view(4)));
    expect(ops.map((o) => o.op)).toEqual(['outer']);
  });
  it('uninstalls the tracer when the traced function throws, and does not nest', () => {
    registerBackend('fake', fakeBackend);
    const { ops, tracer } = recorder();
    expect(() =>
      withTracer(tracer, () =>
        apply('bad', [], {}, () => {
          throw new Error('boom');
        }),
      ),
    ).toThrow('boom');
    expect(tracing.tracer).toBeUndefined();
    expect(() => withTracer(tracer, () => withTracer(tracer, () => 1))).toThrow(ValueError);
    zeros(4).view(2, 2);
    expect(ops).toEqual([]);
  });
});
