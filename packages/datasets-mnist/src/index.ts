export { MNIST, type MNISTOptions, type MNISTSource, type MNISTArrays, type MNISTInit } from './mnist.js';
export { FashionMNIST } from './fashion-mnist.js';
export { readIdx, parseIdx, type IdxArray, type IdxData, type IdxDType, type ReadIdxOptions } from './idx.js';
export { IdxFormatError, DatasetNotFoundError, DatasetIntegrityError, DownloadError, ChecksumError } from './errors.js';
export { DatasetError } from '@torchlet/data';
export { MNIST_SPEC, FASHION_MNIST_SPEC, type DatasetSpec, type SplitFiles } from './resources.js';
export { md5Hex } from './md5.js';
export type { DataOrigin } from './locate.js';
export type { FetchLike } from './sources/http.js';
