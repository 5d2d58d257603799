export function nnSuite(_: unknown): void {}
