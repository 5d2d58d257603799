import { parseArgs } from 'node:util';

export interface CommonFlags {
  backend: string;
  epochs: number;
  batchSize: number;
  lr: number;
  seed: number;
  /** train on the first N samples only (quick runs) */
  limit: number | null;
  /** where metrics.json and the chart go */
  out: string;
  extra: Record<string, string | boolean | undefined>;
}

export interface FlagDefaults {
  epochs: number;
  batchSize: number;
  lr: number;
  seed?: number;
}

const num = (name: string, v: string | undefined, fallback: number, int = false): number => {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || (int && !Number.isInteger(n)) || n < 0) {
    console.error(`--${name} takes a ${int ? 'non-negative integer' : 'non-negative number'}, got ${JSON.stringify(v)}`);
    process.exit(2);
  }
  return n;
};

/** Parse the flags every app takes, plus its own (`extra`: name -> 'string' | 'boolean'). */
export function parseFlags(defaults: FlagDefaults, usage: string, extra: Record<string, 'string' | 'boolean'> = {}): CommonFlags {
  let values: Record<string, string | boolean | undefined>;
  try {
    // `pnpm start -- --flag` may hand the separator through
    const args = process.argv.slice(2);
    if (args[0] === '--') args.shift();
    ({ values } = parseArgs({
      args,
      options: {
        backend: { type: 'string' },
        epochs: { type: 'string' },
        'batch-size': { type: 'string' },
        lr: { type: 'string' },
        seed: { type: 'string' },
        limit: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        ...Object.fromEntries(Object.entries(extra).map(([k, type]) => [k, { type }])),
      },
      allowPositionals: false,
    }));
  } catch (e) {
    console.error(`${(e as Error).message}\n\n${usage}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const limit = values.limit === undefined ? null : num('limit', values.limit as string, 0, true);
  return {
    backend: (values.backend as string) ?? 'cpu',
    epochs: num('epochs', values.epochs as string, defaults.epochs, true),
    batchSize: Math.max(1, num('batch-size', values['batch-size'] as string, defaults.batchSize, true)),
    lr: num('lr', values.lr as string, defaults.lr),
    seed: num('seed', values.seed as string, defaults.seed ?? 1, true),
    limit,
    out: (values.out as string) ?? 'out',
    extra: Object.fromEntries(Object.keys(extra).map((k) => [k, values[k]])),
  };
}

export const COMMON_USAGE = `Common flags:
  --backend <name>     cpu (default), webgpu, or any registered backend
  --epochs <n>         training epochs
  --batch-size <n>     samples per step
  --lr <x>             learning rate
  --seed <n>           seed for initialisation and shuffling
  --limit <n>          train on the first n samples (quick runs)
  --out <dir>          where metrics.json and chart.svg are written (default ./out)`;
