import type { Server } from 'node:http';
import { ValidationError, type Logger } from '@annals/core';
import {
  assertIfMatch,
  bearerToken,
  healthRouter,
  notFoundHandler,
  notificationLogRouter,
  PreconditionFailedError,
  problemHandler,
  requestContext,
  sendAggregate,
} from '@annals/express';
import { LifecycleErrorCode } from '@annals/lifecycle';
import type { MikroORM } from '@mikro-orm/core';
import express, { type Express, type Request } from 'express';
import type { Bank, BankAccount } from '../domain/index.js';

/** What the API answers for an account. */
const view = (account: BankAccount) => ({
  id: account.id,
  owner: account.owner,
  balance: account.balance,
  overdraftLimit: account.overdraftLimit,
  closed: account.closed,
  version: account.version,
});

function field<T>(request: Request, name: string, type: 'string' | 'number'): T {
  const value = (request.body as Record<string, unknown> | undefined)?.[name];
  if (typeof value !== type) throw new ValidationError(`"${name}" must be a ${type}`);
  return value as T;
}

/** Options of {@link bankApi}. */
export interface BankApiOptions {
  /** The bank, looked up per request (e.g. `getApplication`). */
  readonly bank: () => Bank;
  /** Readiness turns 503 once this server stops listening. */
  readonly server?: Server;
  readonly logger?: Logger;
  /** The ORM of the bank's SQL database: each request then runs in a MikroORM request context of its own. */
  readonly orm?: MikroORM | undefined;
  /**
   * The token followers send as `Authorization: Bearer` to read `/notifications`, which holds every account's
   * history (e.g. `BANK_LOG_TOKEN`). Without one the log is not served.
   */
  readonly logToken?: string | undefined;
}

/** The bank's HTTP API. Every route looks the application up per request, so it works with any holder. */
export function bankApi({ bank, server, logger, orm, logToken }: BankApiOptions): Express {
  const app = express();
  app.use(healthRouter({ application: bank, ...(server ? { server } : {}), ...(logger ? { logger } : {}) }));
  app.use(express.json());
  if (orm) app.use(requestContext({ orm }));
  if (logToken) app.use(notificationLogRouter({ application: bank, authorize: bearerToken(logToken) }));

  app.post('/accounts', async (req, res) => {
    const overdraftLimit = (req.body as { overdraftLimit?: unknown }).overdraftLimit;
    const account = await bank().openAccount(
      field(req, 'owner', 'string'),
      overdraftLimit === undefined ? 0 : field(req, 'overdraftLimit', 'number'),
    );
    sendAggregate(res.status(201).location(`/accounts/${account.id}`), account, view(account));
  });

  app.get('/accounts/:id', async (req, res) => {
    const account = await bank().account(req.params.id);
    sendAggregate(res, account, view(account));
  });

  // A command runs on the account as it is now, or, when the body names an `expectedVersion`, on the account
  // as the client saw it at that version: if anyone changed it since, the save conflicts (409).
  const command =
    (run: (account: BankAccount, req: Request) => void) =>
    async (req: Request<{ id: string }>, res: express.Response) => {
      const current = bank();
      const expected = (req.body as { expectedVersion?: unknown }).expectedVersion;
      const version = expected === undefined ? undefined : field<number>(req, 'expectedVersion', 'number');
      const account = await current.account(req.params.id, version);
      if (version !== undefined && account.version !== version) {
        throw new PreconditionFailedError(account.id, version, account.version);
      }
      assertIfMatch(req, account);
      run(account, req);
      await current.save(account);
      sendAggregate(res, account, view(account));
    };
  app.post(
    '/accounts/:id/deposits',
    command((account, req) => account.deposit(field(req, 'amount', 'number'))),
  );
  app.post(
    '/accounts/:id/withdrawals',
    command((account, req) => account.withdraw(field(req, 'amount', 'number'))),
  );
  app.post(
    '/accounts/:id/close',
    command((account, req) => account.close(field(req, 'reason', 'string'))),
  );

  app.post('/transfers', async (req, res) => {
    const recordings = await bank().transfer(
      field(req, 'from', 'string'),
      field(req, 'to', 'string'),
      field(req, 'amount', 'number'),
    );
    res.status(201).json({ positions: recordings.map((recording) => recording.position ?? null) });
  });

  app.get('/balances', async (_req, res) => {
    res.json(await bank().balances());
  });

  app.use(
    notFoundHandler(),
    problemHandler({
      ...(logger ? { logger } : {}),
      statuses: { [LifecycleErrorCode.notInitialized]: 503 },
    }),
  );
  return app;
}
