export { DatasetError } from './errors.js';
export { Dataset, isDatasetLike, normalizeIndex, checkBatchIndices, type DatasetLike, type Collated } from './dataset.js';
export { TensorDataset } from './tensor-dataset.js';
export { Subset, randomSplit } from './subset.js';
export { ConcatDataset } from './concat.js';
export { defaultCollate, fetchBatch } from './collate.js';
export { DataLoader, type DataLoaderOptions } from './loader.js';
export { imageBatchFromBytes } from './byte-images.js';
export * from './transforms/index.js';
