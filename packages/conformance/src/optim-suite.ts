export function optimSuite(_: unknown): void {}
