export { parseFlags, COMMON_USAGE, type CommonFlags, type FlagDefaults } from './flags.js';
export { ProgressBar, fmtTime } from './progress.js';
export { writeMetrics, chartSvg, type RunMetrics, type EpochMetrics } from './metrics.js';
export { onInterrupt } from './interrupt.js';
export { useBackend } from './backend.js';
export { mnistLoaders, type MnistLoaders } from './mnist.js';
export { runTraining, evaluate, type TrainLoop, type TrainResult } from './train.js';
export { runApp } from './run-app.js';
