import type { LogWatch } from '@annals/core/storage';
import type { CommitNotificationStatements } from '../dialect/dialect.js';
import type { DedicatedConnections } from '../internal/dedicated-connections.js';
import type { SqlClient } from '../internal/sql-client.js';
import { CommitNotifier } from './commit-notifier.js';
import { PostgresqlLogWatch } from './postgresql-log-watch.js';

/** Options of {@link CommitSignals}. */
export interface CommitSignalsOptions {
  readonly sql: SqlClient;
  readonly connections: DedicatedConnections;
  readonly statements: CommitNotificationStatements;
  /** Tell other processes of this strategy's commits. */
  readonly notify: boolean;
}

/**
 * The least time between two notifications of one strategy, ms: how late other processes may hear of a
 * commit during a burst of appends, and what keeps a busy writer from paying a NOTIFY per append.
 */
const NOTIFY_INTERVAL = 10;

/** Commits told to other processes and heard from them: NOTIFY after this strategy's, LISTEN for theirs. */
export class CommitSignals implements LogWatch {
  readonly #watch: PostgresqlLogWatch;
  readonly #notifier: CommitNotifier | undefined;

  constructor({ sql, connections, statements, notify }: CommitSignalsOptions) {
    this.#watch = new PostgresqlLogWatch({
      connections,
      listen: statements.listen(),
      reconnectDelay: 100,
      maxReconnectDelay: 10_000,
    });
    this.#notifier = notify
      ? new CommitNotifier({ sql, notify: statements.notify(), interval: NOTIFY_INTERVAL })
      : undefined;
  }

  watchLog(listener: () => void): Promise<() => Promise<void>> {
    return this.#watch.watchLog(listener);
  }

  /** An append of this strategy that added to the log has committed. */
  committed(): void {
    this.#notifier?.committed();
  }

  async close(): Promise<void> {
    await Promise.all([this.#watch.close(), this.#notifier?.close()]);
  }
}
