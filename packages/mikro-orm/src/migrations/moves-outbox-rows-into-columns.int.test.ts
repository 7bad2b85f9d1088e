import test, { type ExecutionContext } from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClaimedOutboxMessage } from '@annals/core/storage';
import type { EntityManager } from '@mikro-orm/sql';
import { tablesFor } from '../dialect/tables.js';
import type { MikroOrmStrategy } from '../mikro-orm-strategy.js';
import { postgresqlStrategy } from '../postgresql/postgresql-strategy.js';
import { sqliteStrategy } from '../sqlite/sqlite-strategy.js';
import { createPostgresqlDatabase } from '../testing/index.js';
import { migrationsFor } from './all-migrations.js';

const id = '0190c2a8-8d1e-7c4e-9d6a-3f1e2d3c4b5a';
const body = new Uint8Array([123, 125]);
const headers = (exchange: string, routingKey: string) =>
  JSON.stringify({ 'annals-exchange': exchange, 'annals-routing-key': routingKey, 'annals-timestamp': 'T' });

/**
 * The tables as the migrations before the structured outbox left them (they are idempotent, so `migrate()`
 * runs them again harmlessly), with the rows Annals wrote then: event messages with `<uuid>:<version>` ids
 * and their destination in headers, one whose event was appended earlier, and messages of other ids.
 */
async function beforeStructuredOutbox(strategy: MikroOrmStrategy): Promise<void> {
  const em = strategy.orm.em as EntityManager;
  const before = migrationsFor(strategy.name, tablesFor()).filter(({ id }) => id < '0005');
  for (const statement of before.flatMap((migration) => migration.statements)) await em.execute(statement);
  for (const version of [1, 2]) {
    await em.execute(
      'INSERT INTO annals_events (originator_id, originator_version, topic, state) VALUES (?, ?, ?, ?)',
      [id, version, 'Order.Placed', Buffer.from(body)],
    );
  }
  const rows: [string, string, string | null][] = [
    [`${id}:1`, 'Order.Placed', headers('shop', 'shop.Order.Placed')],
    [`${id}:2`, 'Order.Placed', headers('shop', 'shop.Order.Placed')],
    ['note-7', 'Note.Taken', null],
    ['tenant-3:42', 'Note.Taken', headers('', 'notes')],
  ];
  for (const [messageId, topic, messageHeaders] of rows) {
    await em.execute('INSERT INTO annals_outbox (message_id, topic, body, headers) VALUES (?, ?, ?, ?)', [
      messageId,
      topic,
      Buffer.from(body),
      messageHeaders,
    ]);
  }
  // PostgreSQL stored the position of an event appended with its message (here the first), not of others.
  if (strategy.name === 'postgresql') {
    await em.execute(`UPDATE annals_outbox SET position = 1 WHERE message_id = '${id}:1'`);
  }
}

async function claimAll(strategy: MikroOrmStrategy): Promise<Omit<ClaimedOutboxMessage, 'createdAt'>[]> {
  let handed: ClaimedOutboxMessage[] = [];
  await strategy.claimOutbox(
    100,
    async (messages) => {
      handed = [...messages];
      return [];
    },
    { includeDispatched: true },
  );
  return handed.map(({ createdAt: _, ...message }) => message);
}

const scenarios = [
  {
    dialect: 'PostgreSQL',
    open: async (t: ExecutionContext) => {
      const database = await createPostgresqlDatabase();
      t.teardown(() => database.drop());
      return postgresqlStrategy({ url: database.url, migrate: false });
    },
    applies: ['0005-structured-outbox', '0007-projections'],
  },
  {
    dialect: 'SQLite',
    open: async (t: ExecutionContext) => {
      const directory = mkdtempSync(join(tmpdir(), 'annals-sqlite-upgrade-'));
      t.teardown(() => rmSync(directory, { recursive: true, force: true }));
      return sqliteStrategy({ path: join(directory, 'events.sqlite'), migrate: false });
    },
    applies: ['0005-structured-outbox', '0006-sqlite-event-constraints', '0007-projections'],
  },
] as const;

for (const { dialect, open, applies } of scenarios) {
  test(`${dialect}: the structured-outbox migration moves the rows written before it into columns`, async (t) => {
    const strategy = await open(t);
    t.teardown(() => strategy.close());
    await beforeStructuredOutbox(strategy);
    const applied = await strategy.migrate();
    t.deepEqual(
      applied.filter((migration) => migration >= '0005'),
      [...applies],
    );

    const event = (originatorVersion: number) => ({ originatorId: id, originatorVersion });
    const announced = {
      contentType: 'application/json',
      body,
      exchange: 'shop',
      routingKey: 'shop.Order.Placed',
    };
    const announcedHeaders = { 'annals-topic': 'Order.Placed', 'annals-timestamp': 'T' };
    t.deepEqual(await claimAll(strategy), [
      {
        ...announced,
        id: `${id}:1`,
        orderingKey: id,
        headers: announcedHeaders,
        event: event(1),
        sequence: 1,
        position: 1,
      },
      {
        ...announced,
        id: `${id}:2`,
        orderingKey: id,
        headers: announcedHeaders,
        event: event(2),
        sequence: 2,
        position: 2,
      },
      {
        id: 'note-7',
        orderingKey: 'note-7',
        exchange: '',
        routingKey: 'Note.Taken',
        contentType: 'application/json',
        headers: { 'annals-topic': 'Note.Taken' },
        body,
        sequence: 3,
      },
      {
        id: 'tenant-3:42',
        orderingKey: 'tenant-3',
        exchange: '',
        routingKey: 'notes',
        contentType: 'application/json',
        headers: { 'annals-topic': 'Note.Taken', 'annals-timestamp': 'T' },
        body,
        sequence: 4,
      },
    ]);
    const [position] = await strategy.append([
      { originatorId: id, originatorVersion: 3, topic: 'Order.Placed', state: body },
    ]);
    t.is(position, 3, 'appends carry on after the events kept their positions');
  });
}
