/**
 * Hears of commits made by other processes (capability `log-watch`), e.g. through PostgreSQL's
 * LISTEN/NOTIFY. Followers use it to wake without polling; commits of their own process reach them through
 * `onCommit` already. A signal may be spurious or merge several commits: it says "read the log", no more.
 */
export interface LogWatch {
  /** Calls `listener` after other processes commit appends. @returns a function that stops the watching */
  watchLog(listener: () => void): Promise<() => Promise<void>>;
}
