import type { Server } from 'node:http';
import { ErrorCode, ValidationError, type Logger, type Recording } from '@annals/core';
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
import type { Banking } from '../banking/banking.js';
import { BankAccount } from '../domain/index.js';
import type { Transfer } from '../transfers/index.js';

/** What the API answers for an account. */
const view = (account: BankAccount) => ({
  id: account.id,
  owner: account.owner,
  balance: account.balance,
  overdraftLimit: account.overdraftLimit,
  closed: account.closed,
  version: account.version,
});

/** What the API answers for a transfer. */
const transferView = (transfer: Transfer) => ({
  id: transfer.id,
  from: transfer.from,
  to: transfer.to,
  amount: transfer.amount,
  status: transfer.status,
  ...(transfer.reason === undefined ? {} : { reason: transfer.reason }),
  version: transfer.version,
});

/** The log position of a save's last event: a read-your-writes read of `/balances?position=` waits for it. */
const positionOf = (recordings: readonly Recording[]) => ({ position: recordings.at(-1)?.position ?? null });

function field<T>(request: Request, name: string, type: 'string' | 'number'): T {
  const value = (request.body as Record<string, unknown> | undefined)?.[name];
  if (typeof value !== type) throw new ValidationError(`"${name}" must be a ${type}`);
  return value as T;
}

function position(request: Request): number | undefined {
  const text = request.query['position'];
  if (text === undefined) return undefined;
  const value = Number(text);
  if (typeof text !== 'string' || !Number.isSafeInteger(value) || value < 0) {
    throw new ValidationError(`"position" must be a log position, a whole number >= 0`);
  }
  return value;
}

/** Options of {@link bankApi}. */
export interface BankApiOptions {
  /** The bank system and its read model, looked up per request (e.g. `getApplication`). */
  readonly banking: () => Banking;
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
export function bankApi({ banking, server, logger, orm, logToken }: BankApiOptions): Express {
  const bank = () => banking().bank;
  const app = express();
  app.use(healthRouter({ application: bank, ...(server ? { server } : {}), ...(logger ? { logger } : {}) }));
  app.use(express.json());
  if (orm) app.use(requestContext({ orm }));
  if (logToken) app.use(notificationLogRouter({ application: bank, authorize: bearerToken(logToken) }));

  app.post('/accounts', async (req, res) => {
    const overdraftLimit = (req.body as { overdraftLimit?: unknown }).overdraftLimit;
    const account = BankAccount.open(
      field(req, 'owner', 'string'),
      overdraftLimit === undefined ? 0 : field(req, 'overdraftLimit', 'number'),
    );
    const recordings = await bank().save(account);
    sendAggregate(res.status(201).location(`/accounts/${account.id}`), account, {
      ...view(account),
      ...positionOf(recordings),
    });
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
      const recordings = await current.save(account);
      sendAggregate(res, account, { ...view(account), ...positionOf(recordings) });
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

  // A transfer runs on after the answer: 202, and `GET /transfers/:id` says how far it has come.
  app.post('/transfers', async (req, res) => {
    const from = field<string>(req, 'from', 'string');
    const to = field<string>(req, 'to', 'string');
    await Promise.all([bank().account(from), bank().account(to)]); // 404 for an account the bank does not have
    const transfer = await banking().transfers.request(from, to, field(req, 'amount', 'number'));
    sendAggregate(res.status(202).location(`/transfers/${transfer.id}`), transfer, transferView(transfer));
  });

  app.get('/transfers/:id', async (req, res) => {
    const { transfers } = banking();
    const transfer = await transfers.transfer(req.params.id);
    const history = [];
    for await (const event of transfers.eventStore.stream(transfer.id)) {
      history.push({ topic: event.topic, timestamp: event.timestamp.toISOString() });
    }
    sendAggregate(res, transfer, { ...transferView(transfer), history });
  });

  // `?position=` reads once the read model has processed that position of the bank's log (read-your-writes).
  app.get('/balances', async (req, res) => {
    res.json(await banking().balances.list({ position: position(req) }));
  });

  app.get('/projections/balances', async (_req, res) => {
    res.json(await banking().balances.runner.status());
  });

  app.use(
    notFoundHandler(),
    problemHandler({
      ...(logger ? { logger } : {}),
      statuses: { [LifecycleErrorCode.notInitialized]: 503, [ErrorCode.timeout]: 503 },
    }),
  );
  return app;
}
