import { checkOptions, defaultGenerator, Generator, ValueError } from '@torchlet/tensor';
import { fetchBatch } from './collate.js';
import { assertDatasetLike, datasetLength, type Collated, type DatasetLike } from './dataset.js';
import { DatasetError } from './errors.js';
import { batchCount, batchesOf, epochOrder } from './sampling.js';
import { nextMacrotask } from './schedule.js';
import { allMaybeAsync, isThenable, thenMaybe } from './thenable.js';

/** Options of {@link DataLoader}, as PyTorch's keyword arguments (`T` is the sample type, `B` the batch type). */
export interface DataLoaderOptions<T, B> {
  /** samples per batch; default 1 (as PyTorch) */
  batchSize?: number;
  /** draw a new order of the samples each epoch; default false */
  shuffle?: boolean;
  /** drop the last batch when it is smaller than batchSize; default false */
  dropLast?: boolean;
  /** the random generator of the shuffles (its state advances each epoch); default: the global one (manualSeed) */
  generator?: Generator;
  /** shorthand for `generator: new Generator(seed)`: the same seed gives the same sequence of epochs */
  seed?: number;
  /** batch a list of samples (PyTorch's collate_fn); default `defaultCollate` (and the dataset's `getBatch` fast path) */
  collateFn?: (samples: T[]) => B;
  /** alias of collateFn */
  collate?: (samples: T[]) => B;
}

/**
 * Batches of a dataset (torch.utils.data.DataLoader). Iterate with `for await (const batch of
 * loader)`, which prefetches the next batch while the loop body awaits, or with
 * `for (const batch of loader)` when the dataset's samples are in memory. Each iteration is one
 * epoch; with `shuffle` each epoch has a new order drawn from the generator.
 *
 * @example
 * ```ts
 * import { DataLoader, TensorDataset, randn, randint } from 'torchlet';
 * const ds = new TensorDataset(randn([100, 4]), randint(0, 3, [100]));
 * const loader = new DataLoader(ds, { batchSize: 32, shuffle: true, seed: 0 });
 * for (const [x, y] of loader) {
 *   // x: [32, 4] (the last batch: [4, 4]), y: [32]
 * }
 * loader.length; // 4 batches per epoch
 * ```
 */
export class DataLoader<T, B = Collated<T>> implements AsyncIterable<B>, Iterable<B> {
  /** The dataset batches are drawn from. */
  readonly dataset: DatasetLike<T>;
  /** Samples per batch. */
  readonly batchSize: number;
  /** Whether each epoch draws a new order. */
  readonly shuffle: boolean;
  /** Whether a last, smaller batch is dropped. */
  readonly dropLast: boolean;
  /** The generator the shuffles draw from. */
  readonly generator: Generator;
  private readonly collateFn: ((samples: T[]) => B) | undefined;

  constructor(dataset: DatasetLike<T>, options: DataLoaderOptions<T, B> = {}) {
    assertDatasetLike(dataset, 'DataLoader');
    checkOptions(options, ['batchSize', 'shuffle', 'dropLast', 'generator', 'seed', 'collateFn', 'collate'], 'DataLoader');
    const { batchSize = 1, shuffle = false, dropLast = false, generator, seed } = options;
    if (!Number.isInteger(batchSize) || batchSize <= 0)
      throw new ValueError(`batchSize should be a positive integer, got ${batchSize}`, 'DataLoader');
    if (generator !== undefined && seed !== undefined) throw new ValueError('give either generator or seed, not both', 'DataLoader');
    if (generator !== undefined && !(generator instanceof Generator))
      throw new ValueError('generator must be a Generator from @torchlet/tensor', 'DataLoader');
    if (seed !== undefined && !Number.isFinite(seed)) throw new ValueError(`seed must be a finite number, got ${seed}`, 'DataLoader');
    if (options.collateFn && options.collate && options.collateFn !== options.collate)
      throw new ValueError('give either collateFn or collate, not both', 'DataLoader');
    const collateFn = options.collateFn ?? options.collate;
    if (collateFn !== undefined && typeof collateFn !== 'function')
      throw new ValueError('collateFn must be a function of an array of samples', 'DataLoader');
    this.dataset = dataset;
    this.batchSize = batchSize;
    this.shuffle = shuffle;
    this.dropLast = dropLast;
    this.generator = generator ?? (seed !== undefined ? new Generator(seed) : defaultGenerator);
    this.collateFn = collateFn;
  }

  /** Number of batches in an epoch. */
  get length(): number {
    return batchCount(datasetLength(this.dataset, 'DataLoader'), this.batchSize, this.dropLast);
  }

  /** The sample indices of each batch of a new epoch (draws the shuffle). */
  private planEpoch(): Int32Array[] {
    return batchesOf(epochOrder(datasetLength(this.dataset, 'DataLoader'), this.shuffle, this.generator), this.batchSize, this.dropLast);
  }

  private loadBatch(indices: Int32Array): B | Promise<B> {
    if (!this.collateFn) return fetchBatch(this.dataset, indices) as B | Promise<B>;
    const collate = this.collateFn;
    return thenMaybe(allMaybeAsync(Array.from(indices, (i) => this.dataset.get(i))), (samples) => collate(samples));
  }

  /** One epoch of batches, prefetching the next batch while the loop body awaits: `for await (const [x, y] of loader)`. Works with any dataset, lazy (async `get`) ones included. */
  async *[Symbol.asyncIterator](): AsyncIterator<B> {
    const batches = this.planEpoch();
    if (batches.length === 0) return;
    const state = { stopped: false };
    let pending: Promise<B> = Promise.resolve().then(() => this.loadBatch(batches[0]!));
    try {
      for (let b = 0; b < batches.length; b++) {
        const batch = await pending;
        if (b + 1 < batches.length) pending = this.prefetch(batches[b + 1]!, state);
        yield batch;
      }
    } finally {
      state.stopped = true;
    }
  }

  /** Load a batch on a later macrotask, so it overlaps with what the loop body awaits. */
  private prefetch(indices: Int32Array, state: { stopped: boolean }): Promise<B> {
    const p = nextMacrotask().then(() => (state.stopped ? (undefined as B) : this.loadBatch(indices)));
    p.catch(() => undefined); // reported when awaited; not an unhandled rejection if the loop stopped early
    return p;
  }

  /** One epoch of batches, synchronously: `for (const [x, y] of loader)`. Needs a dataset whose `get` (or `getBatch`) returns values, not promises. */
  *[Symbol.iterator](): Iterator<B> {
    for (const indices of this.planEpoch()) {
      const batch = this.loadBatch(indices);
      if (isThenable(batch)) {
        Promise.resolve(batch).catch(() => undefined);
        throw new DatasetError(
          'this dataset loads its samples asynchronously (get() returned a promise); iterate with `for await (const batch of loader)`',
          'DataLoader',
        );
      }
      yield batch;
    }
  }
}
