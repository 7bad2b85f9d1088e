/**
 * Calls `shutdown` once, on the first of `signals`, or when the IPC channel to the parent closes (the parent
 * is gone or let go of this process). Listening for a signal replaces Node's default of exiting at once, so
 * whoever calls this must exit when `shutdown` is done.
 */
export function onShutdown(
  signals: readonly NodeJS.Signals[],
  shutdown: (signal: NodeJS.Signals) => void,
): void {
  let called = false;
  const once = (signal: NodeJS.Signals): void => {
    if (called) return;
    called = true;
    shutdown(signal);
  };
  for (const signal of signals) process.on(signal, once);
  if (process.connected) process.once('disconnect', () => once('SIGTERM'));
}
