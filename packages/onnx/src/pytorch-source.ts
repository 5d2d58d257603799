/**
 * toPyTorchSource: the Python `nn.Module` source of a model built from standard layers, so that
 * PyTorch (e.g. torchrun with DistributedDataParallel) can load its state dict by the same keys.
 * Standard layers and containers translate from their settings (their printed form is PyTorch's
 * constructor call). A module with its own forward is traced once on sample inputs, at module
 * granularity: its forward translates when it only calls its child modules, reshapes/flattens
 * their results and adds them. Anything else is a PyTorchSourceError that says what to write.
 */
import type { Tensor } from '@torchlet/tensor';
import { isGradEnabled, isTensor, setGradEnabled, withTracer } from '@torchlet/tensor';
import * as nn from '@torchlet/nn';
import { PyTorchSourceError } from './errors.js';

/** Layers whose printed settings are PyTorch's constructor arguments. */
const LAYERS = [
  nn.Linear,
  nn.Identity,
  nn.Conv2d,
  nn.MaxPool2d,
  nn.AvgPool2d,
  nn.AdaptiveAvgPool2d,
  nn.ReLU,
  nn.LeakyReLU,
  nn.GELU,
  nn.Sigmoid,
  nn.Tanh,
  nn.Softmax,
  nn.LogSoftmax,
  nn.Dropout,
  nn.BatchNorm1d,
  nn.BatchNorm2d,
  nn.LayerNorm,
  nn.Embedding,
  nn.Flatten,
] as (abstract new (
  ...a: never[]
) => nn.Module)[];

/** Options of {@link toPyTorchSource}. */
export interface PyTorchSourceOptions {
  /** arguments of one forward call; needed when the model (or a submodule) has its own forward */
  sampleInputs?: Tensor | Tensor[];
  /** name of the top-level Python class (default: the model's class name; `Model` for a Sequential) */
  className?: string;
}

type Stmt =
  | { kind: 'call'; module: nn.Module; inputs: unknown[]; output?: unknown }
  | { kind: 'op'; op: string; inputs: readonly Tensor[]; outputs: readonly Tensor[] };
interface Frame {
  module: nn.Module;
  inputs: unknown[];
  output?: unknown;
  stmts: Stmt[];
}

/** exactly class C (a subclass may have its own forward) */
const is = (m: nn.Module, C: abstract new (...a: never[]) => nn.Module) => m.constructor === C;
const isLayer = (m: nn.Module) => LAYERS.some((C) => is(m, C));
const isContainer = (m: nn.Module) => is(m, nn.Sequential) || is(m, nn.ModuleList) || is(m, nn.ModuleDict);
const className = (m: nn.Module) => m.getName() || 'Module';
const indent = (s: string, n: number) => s.replace(/\n/g, `\n${' '.repeat(n)}`);

/** A standard layer or container as a PyTorch constructor expression. */
function expression(m: nn.Module, classes: ClassWriter): string {
  if (isLayer(m)) return `nn.${className(m)}(${m.extraRepr()})`;
  if (is(m, nn.Sequential) || is(m, nn.ModuleList)) {
    const items = [...m.children()].map((c) => `    ${indent(expression(c, classes), 4)},`);
    const [open, close] = is(m, nn.Sequential) ? ['(', ')'] : ['([', '])'];
    return items.length ? `nn.${className(m)}${open}\n${items.join('\n')}\n${close}` : `nn.${className(m)}${open}${close}`;
  }
  if (is(m, nn.ModuleDict)) {
    const items = [...m.namedChildren()].map(([k, c]) => `    ${JSON.stringify(k)}: ${indent(expression(c, classes), 4)},`);
    return `nn.ModuleDict({\n${items.join('\n')}\n})`;
  }
  return `${classes.classFor(m)}()`;
}

/** Writes one Python class per module with its own forward, from its traced forward. */
class ClassWriter {
  readonly classes: string[] = [];
  private readonly names = new Map<nn.Module, string>();
  private readonly bySource = new Map<string, string>();

  constructor(
    private readonly frames: Map<nn.Module, Frame>,
    private readonly topName: string | undefined,
    private readonly top: nn.Module,
  ) {}

  classFor(m: nn.Module): string {
    const known = this.names.get(m);
    if (known) return known;
    const base = m === this.top && this.topName ? this.topName : className(m);
    const body = this.body(m);
    const source = (name: string) => `class ${name}(nn.Module):\n${body}`;
    const same = this.bySource.get(source(base));
    if (same) return same;
    let name = base;
    for (let i = 1; this.classes.some((c) => c.startsWith(`class ${name}(`)); i++) name = `${base}_${i}`;
    this.names.set(m, name);
    this.bySource.set(source(name), name);
    this.classes.push(source(name));
    return name;
  }

  private body(m: nn.Module): string {
    const where = className(m);
    const own = [...m.namedParameters('', false), ...m.namedBuffers('', false)].map(([k]) => k);
    if (own.length) {
      throw new PyTorchSourceError(
        `${where} holds parameters or buffers itself (${own.join(', ')}), not in standard layers, so its forward is its own math. ` +
          'Write this module in Python (docs/scale-out.md shows how), or keep its weights in layers (nn.Linear...)',
        'toPyTorchSource',
      );
    }
    const children = [...m.namedChildren()];
    const init = children.map(([k, c]) => `        self.${k} = ${indent(expression(c, this), 8)}`);
    return ['    def __init__(self):', '        super().__init__()', ...init, '', ...this.forward(m).map((l) => `    ${l}`), ''].join('\n');
  }

  /** Python lines of `def forward` from the traced frame. */
  private forward(m: nn.Module): string[] {
    const where = className(m);
    const frame = this.frames.get(m);
    if (!frame) {
      throw new PyTorchSourceError(
        `${where} has its own forward, which toPyTorchSource learns by tracing one call: pass sampleInputs (the arguments of one forward call)${this.frames.size ? `; ${where} was not called in that forward` : ''}`,
        'toPyTorchSource',
      );
    }
    const names = new Map<unknown, string>();
    const args = frame.inputs.map((x, i) => {
      const name = frame.inputs.length === 1 ? 'x' : `x${i + 1}`;
      names.set(x, name);
      return name;
    });
    const path = new Map<nn.Module, string>([...m.namedModules()].filter(([k]) => k).map(([k, c]) => [c, k]));
    const ref = (v: unknown, what: string): string => {
      const name = names.get(v);
      if (name) return name;
      throw new PyTorchSourceError(
        `${where}.forward uses a tensor that does not come from its inputs or its layers (in ${what}: a constant, a parameter used directly or a value made outside the traced ops); ` +
          'toPyTorchSource translates forwards that chain layers. Write this forward in Python (docs/scale-out.md)',
        'toPyTorchSource',
      );
    };
    const lines: string[] = [`def forward(self, ${args.join(', ')}):`];
    const outs = isTensor(frame.output) ? [frame.output] : Array.isArray(frame.output) ? frame.output : [];
    const uses = new Map<unknown, number>();
    for (const v of [...frame.stmts.flatMap((s): readonly unknown[] => s.inputs), ...outs]) uses.set(v, (uses.get(v) ?? 0) + 1);
    let n = 0;
    // a chain reads as in PyTorch (x = self.conv(x)): a value used once passes its name on
    const bind = (v: unknown, inputs: readonly unknown[]) => {
      const only = inputs.length === 1 && uses.get(inputs[0]) === 1 ? names.get(inputs[0]) : undefined;
      const name = only ?? `h${++n}`;
      names.set(v, name);
      return name;
    };
    for (const s of frame.stmts) {
      if (s.kind === 'call') {
        const target = `self${path
          .get(s.module)!
          .split('.')
          .map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`))
          .join('')}`;
        const call = `${target}(${s.inputs.map((x) => ref(x, `the call of ${target}`)).join(', ')})`;
        if (!isTensor(s.output))
          throw new PyTorchSourceError(
            `${target} returned something other than a Tensor; toPyTorchSource follows tensors only`,
            'toPyTorchSource',
          );
        lines.push(`    ${bind(s.output, s.inputs)} = ${call}`);
      } else {
        const expr = this.op(where, s, ref);
        lines.push(`    ${bind(s.outputs[0], s.inputs)} = ${expr}`);
      }
    }
    if (!outs.length || !outs.every(isTensor))
      throw new PyTorchSourceError(`${where}.forward returned something other than a Tensor or an array of Tensors`, 'toPyTorchSource');
    lines.push(`    return ${outs.map((o) => ref(o, 'its result')).join(', ')}`);
    return lines;
  }

  private op(where: string, s: Extract<Stmt, { kind: 'op' }>, ref: (v: unknown, what: string) => string): string {
    const [x, y] = s.inputs;
    const out = s.outputs[0]!;
    if (s.op === 'view') {
      const k = flattenAxis(x!.shape, out.shape);
      if (k >= 0) return `${ref(x, 'a reshape')}.flatten(${k})`;
      if (x!.shape.length && out.shape.length && x!.shape[0] === out.shape[0])
        return `${ref(x, 'a reshape')}.reshape(${ref(x, 'a reshape')}.size(0), ${out.shape.slice(1).join(', ')})`;
    }
    const binary: Record<string, string> = { add: '+', sub: '-', mul: '*' };
    if (binary[s.op] && isTensor(x) && isTensor(y) && x.ndim > 0 && y.ndim > 0) return `${ref(x, s.op)} ${binary[s.op]} ${ref(y, s.op)}`;
    const fn = FUNCTIONAL_HINT[s.op];
    throw new PyTorchSourceError(
      `${where}.forward runs ${fn ? `${fn} (the dispatcher's '${s.op}')` : `'${s.op}'`} itself, between its layers. toPyTorchSource translates forwards that only call child modules, ` +
        `reshape or flatten their results and add them. Write ${where}'s forward in Python (docs/scale-out.md shows Net1's), ` +
        'or build the model from layers (nn.MaxPool2d, nn.ReLU, nn.LogSoftmax, nn.Flatten in an nn.Sequential)',
      'toPyTorchSource',
    );
  }
}

/** What a user wrote, for the ops a custom forward usually calls. */
const FUNCTIONAL_HINT: Record<string, string> = {
  maxPool2dIndices: 'F.maxPool2d',
  relu: 'F.relu / x.relu()',
  max: 'a max reduction (F.logSoftmax, F.softmax, x.amax)',
  conv2d: 'F.conv2d',
  matmul: 'x.matmul / F.linear',
};

function flattenAxis(x: readonly number[], out: readonly number[]): number {
  const prod = (xs: readonly number[]) => xs.reduce((a, b) => a * b, 1);
  if (out.length !== 2) return -1;
  for (let k = 1; k < x.length; k++) if (prod(x.slice(0, k)) === out[0] && prod(x.slice(k)) === out[1]) return k;
  return -1;
}

/** Run one forward with every module's call wrapped, collecting what each custom module did. */
function traceModules(model: nn.Module, inputs: Tensor[]): Map<nn.Module, Frame> {
  const frames = new Map<nn.Module, Frame>();
  const stack: Frame[] = [];
  const wrapped: nn.Module[] = [];
  for (const m of model.modules()) {
    const original = m.call;
    const custom = !isLayer(m) && !isContainer(m);
    const call = (...args: unknown[]) => {
      const parent = stack.at(-1);
      const stmt: Stmt = { kind: 'call', module: m, inputs: args };
      if (parent && !isLayer(parent.module) && !isContainer(parent.module)) parent.stmts.push(stmt);
      const frame: Frame = { module: m, inputs: args, stmts: [] };
      stack.push(frame);
      let out: unknown;
      try {
        out = original.apply(m, args);
      } finally {
        stack.pop();
      }
      stmt.output = out;
      frame.output = out;
      if (custom && !frames.has(m)) frames.set(m, frame);
      return out;
    };
    // an own, non-enumerable property for the trace only (not a registered entry), deleted afterwards
    Object.defineProperty(m, 'call', { value: call, configurable: true, enumerable: false, writable: true });
    wrapped.push(m);
  }
  const prevGrad = isGradEnabled();
  setGradEnabled(false);
  const modes = [...model.modules()].map((m) => [m, m.training] as const);
  model.eval();
  try {
    withTracer(
      {
        record(op, ins, _attrs, outs) {
          const frame = stack.at(-1);
          if (frame && !isLayer(frame.module) && !isContainer(frame.module))
            frame.stmts.push({ kind: 'op', op, inputs: ins, outputs: outs });
        },
      },
      () => model.call(...inputs),
    );
  } finally {
    setGradEnabled(prevGrad);
    for (const [m, t] of modes) m.training = t;
    for (const m of wrapped) delete (m as { call?: unknown }).call;
  }
  return frames;
}

/**
 * Python source of `model` as a PyTorch nn.Module, with the same attribute names, so
 * `model.load_state_dict(...)` takes Torchlet's state dict (e.g. from saveFile in @torchlet/nn/node) unchanged.
 */
export function toPyTorchSource(model: nn.Module, options: PyTorchSourceOptions = {}): string {
  if (!(model instanceof nn.Module))
    throw new PyTorchSourceError(`expected an nn.Module, got ${model === null ? 'null' : typeof model}`, 'toPyTorchSource');
  const inputs = options.sampleInputs === undefined ? null : isTensor(options.sampleInputs) ? [options.sampleInputs] : options.sampleInputs;
  const needsTrace = [...model.modules()].some((m) => !isLayer(m) && !isContainer(m));
  const frames = needsTrace && inputs ? traceModules(model, inputs) : new Map<nn.Module, Frame>();
  const top = options.className ?? (isLayer(model) || isContainer(model) ? 'Model' : className(model));
  const writer = new ClassWriter(frames, top, model);
  let main = '';
  if (is(model, nn.Sequential)) {
    const items = [...model.children()].map((c) => `            ${indent(expression(c, writer), 12)},`);
    main = `class ${top}(nn.Sequential):\n    def __init__(self):\n        super().__init__(\n${items.join('\n')}\n        )\n`;
  } else if (isLayer(model)) {
    main = `class ${top}(nn.${className(model)}):\n    def __init__(self):\n        super().__init__(${model.extraRepr()})\n`;
  } else writer.classFor(model);
  const header = [
    `# PyTorch source of Torchlet's ${className(model)}, written by @torchlet/onnx's toPyTorchSource.`,
    '# Its attribute names give the state-dict keys Torchlet uses, so load_state_dict takes its safetensors.',
    'import torch',
    'from torch import nn',
    '',
    '',
  ].join('\n');
  return `${header}${[...writer.classes, main].filter(Boolean).join('\n\n')}`;
}
