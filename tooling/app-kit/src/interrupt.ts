/** Ctrl-C once: stop after the current step and print what we have; twice: exit now. */
export function onInterrupt(): { readonly requested: boolean; dispose(): void } {
  const state = { requested: false };
  const handler = () => {
    if (state.requested) process.exit(130);
    state.requested = true;
    process.stderr.write('\nInterrupted: finishing the current step, then printing the results so far (Ctrl-C again to quit now)\n');
  };
  process.on('SIGINT', handler);
  return {
    get requested() {
      return state.requested;
    },
    dispose: () => process.off('SIGINT', handler),
  };
}
