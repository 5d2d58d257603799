/** camelCase -> PyTorch's snake_case (`runningMean` -> `running_mean`, `weightDecay` -> `weight_decay`). */
export function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
