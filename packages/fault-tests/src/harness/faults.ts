import pg from 'pg';
import { applicationRole, type FaultServices } from './services.js';

/** Tables the applications write on every save, delivery and batch, which the slow-statement fault locks. */
const busyTables = ['annals_events', 'annals_outbox', 'effects'];

/** One fault of a run, and what it did (e.g. how many sessions it ended). */
export interface Fault {
  readonly fault: string;
  readonly inject: () => Promise<Readonly<Record<string, number>> | void>;
}

/**
 * The faults of a run, in order: sessions ended, statements timing out behind locked tables, PostgreSQL
 * restarted, RabbitMQ restarted, PostgreSQL crashed and restarted, RabbitMQ restarted again (a restart's
 * races show in some runs only), sessions ended again.
 */
export function faultSchedule(services: FaultServices): readonly Fault[] {
  const faults = new Faults(services);
  return [
    { fault: 'sessions terminated', inject: async () => ({ sessions: await faults.terminateSessions() }) },
    {
      fault: 'statements timed out behind locked tables',
      inject: async () => {
        await faults.startStatementTimeouts('200ms');
        await faults.lockBusyTables(2000);
        await faults.endStatementTimeouts();
      },
    },
    { fault: 'PostgreSQL restarted', inject: () => faults.restartPostgresql({ immediate: false }) },
    { fault: 'RabbitMQ restarted', inject: () => faults.restartRabbitmq() },
    {
      fault: 'PostgreSQL crashed and restarted',
      inject: () => faults.restartPostgresql({ immediate: true }),
    },
    { fault: 'RabbitMQ restarted again', inject: () => faults.restartRabbitmq() },
    {
      fault: 'sessions terminated again',
      inject: async () => ({ sessions: await faults.terminateSessions() }),
    },
  ];
}

/** What the suite does to the servers while the processes run. */
class Faults {
  readonly #services: FaultServices;

  constructor(services: FaultServices) {
    this.#services = services;
  }

  /** Ends every session of the applications (`pg_terminate_backend`). @returns how many */
  async terminateSessions(): Promise<number> {
    return this.#asAdmin(async (admin) => {
      const { rows } = await admin.query<{ terminated: boolean }>(
        'SELECT pg_terminate_backend(pid) AS terminated FROM pg_stat_activity WHERE usename = $1',
        [applicationRole],
      );
      return rows.filter((row) => row.terminated).length;
    });
  }

  /**
   * Gives the applications' sessions a statement timeout (`ALTER ROLE … SET statement_timeout`, taken up by
   * sessions opened after, so their sessions are ended first) until {@link endStatementTimeouts}.
   */
  async startStatementTimeouts(timeout: string): Promise<void> {
    await this.#asAdmin((admin) =>
      admin.query(`ALTER ROLE ${applicationRole} SET statement_timeout = '${timeout}'`),
    );
    await this.terminateSessions();
  }

  /**
   * Locks the tables every save, delivery and batch writes for `ms`, so that statements wait for the lock
   * until they time out.
   */
  async lockBusyTables(ms: number): Promise<void> {
    await this.#asAdmin(async (admin) => {
      await admin.query('BEGIN');
      await admin.query(`LOCK TABLE ${busyTables.join(', ')} IN ACCESS EXCLUSIVE MODE`);
      await new Promise((resolve) => setTimeout(resolve, ms));
      await admin.query('ROLLBACK');
    });
  }

  /** Takes the statement timeout back, ending the sessions that have it. */
  async endStatementTimeouts(): Promise<void> {
    await this.#asAdmin((admin) => admin.query(`ALTER ROLE ${applicationRole} RESET statement_timeout`));
    await this.terminateSessions();
  }

  /** Restarts PostgreSQL: a fast shutdown, or an immediate one (a crash, recovered from the WAL). */
  async restartPostgresql(options: { readonly immediate: boolean }): Promise<void> {
    await this.#services.postgresql.restart(options);
  }

  /** Stops RabbitMQ and starts it again with its durable queues and persistent messages. */
  async restartRabbitmq(): Promise<void> {
    await this.#services.rabbitmq.restart();
  }

  async #asAdmin<T>(work: (admin: pg.Client) => Promise<T>): Promise<T> {
    const admin = new pg.Client({ connectionString: this.#services.adminUrl });
    await admin.connect();
    try {
      return await work(admin);
    } finally {
      await admin.end();
    }
  }
}
