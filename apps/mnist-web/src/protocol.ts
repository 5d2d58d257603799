// Messages between the page (main.ts) and the training worker (worker.ts).

export type ModelKind = 'net1' | 'net2';
export type BackendChoice = 'webgpu' | 'cpu';
/** where a training run starts: fresh random weights, the shipped pretrained file, or the weights as they are */
export type StartFrom = 'random' | 'pretrained' | 'current';

export interface TrainConfig {
  model: ModelKind;
  lr: number;
  momentum: number;
  batchSize: number;
  epochs: number;
  /** train on the first `trainSamples` training images (60,000: all) */
  trainSamples: number;
  seed: number;
  startFrom: StartFrom;
}

export type ToWorker =
  | { type: 'init'; backend: BackendChoice | 'auto' }
  | { type: 'backend'; backend: BackendChoice }
  | { type: 'train'; config: TrainConfig }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'stop' }
  | { type: 'evaluate' }
  /** evaluate on the first n test images (10,000: all); slow devices want fewer */
  | { type: 'testSamples'; n: number }
  | { type: 'predict'; id: number; input: Float32Array }
  | { type: 'save' }
  | { type: 'load'; bytes: ArrayBuffer; name: string }
  | { type: 'pretrained'; model: ModelKind };

export interface Evaluation {
  accuracy: number;
  correct: number;
  total: number;
  loss: number;
  /** confusion[true * 10 + predicted] */
  confusion: number[];
  /** the first misclassified test images: index, label, prediction and 784 pixels (0-255) */
  wrong: { index: number; label: number; pred: number; pixels: Uint8Array }[];
  seconds: number;
}

export interface Progress {
  epoch: number;
  epochs: number;
  /** samples done in this epoch, and its size */
  done: number;
  total: number;
  /** steps (batches) over the whole run so far */
  step: number;
  /** mean loss and accuracy of the batches since the previous report */
  loss: number;
  accuracy: number;
  samplesPerSec: number;
  stepsPerSec: number;
  etaSec: number;
}

export type FromWorker =
  | { type: 'ready'; backend: BackendChoice; webgpu: boolean; notice?: string; threads: number }
  | { type: 'data'; loaded: number; total: number; done: boolean; source?: string }
  | { type: 'model'; model: ModelKind; origin: string }
  | { type: 'progress'; progress: Progress }
  | { type: 'epoch'; epoch: number; evaluation: Evaluation }
  | { type: 'state'; state: 'idle' | 'training' | 'paused' | 'evaluating' }
  | { type: 'trained'; stopped: boolean; seconds: number; steps: number; samples: number }
  | { type: 'evaluation'; evaluation: Evaluation }
  | { type: 'prediction'; id: number; probs: number[] }
  | { type: 'saved'; bytes: ArrayBuffer; model: ModelKind }
  | { type: 'error'; where: string; message: string };
