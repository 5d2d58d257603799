/**
 * `Symbol.dispose` for projects whose `lib` lacks `esnext.disposable` (ES2022 + DOM, no
 * `@types/node`): Tensor implements `[Symbol.dispose]`, so its public type needs the symbol. The
 * declaration is the one TypeScript's lib and `@types/node` make, so they merge.
 */
declare global {
  interface SymbolConstructor {
    readonly dispose: unique symbol;
  }
}

export {};
