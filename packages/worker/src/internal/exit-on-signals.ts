import { failureOf } from './failure-of.js';
import { onShutdown } from './on-shutdown.js';

/** On the first of `signals`, runs `stop` and exits: 0 when it succeeded, 1 when it threw. */
export function exitOnSignals(signals: readonly NodeJS.Signals[], stop: () => Promise<void>): void {
  if (signals.length === 0) return;
  onShutdown(signals, () => {
    void failureOf(stop).then((failure) => process.exit(failure ? 1 : 0));
  });
}
