import { TorchletError } from '@torchlet/tensor';

/** A problem with a dataset or with loading it: missing or damaged files, a sample the loader cannot batch. */
export class DatasetError extends TorchletError {}
