export { relu, sigmoid, tanh, softmax, logSoftmax, leakyRelu, gelu } from './activation.js';
export { linear } from './linear.js';
export { dropout } from './dropout.js';
export { conv2d, maxPool2d, avgPool2d, adaptiveAvgPool2d } from './conv.js';
export { batchNorm, layerNorm, type BatchNormOptions } from './norm.js';
export { embedding } from './embedding.js';
export {
  nllLoss,
  crossEntropy,
  mseLoss,
  l1Loss,
  binaryCrossEntropy,
  binaryCrossEntropyWithLogits,
  type Reduction,
  type NllLossOptions,
  type CrossEntropyOptions,
} from './loss.js';
