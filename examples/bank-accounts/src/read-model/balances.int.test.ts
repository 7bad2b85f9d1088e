import test from 'ava';
import { MikroOrmStrategy } from '@annals/mikro-orm';
import { useApplication } from '@annals/testing';
import { MikroORM } from '@mikro-orm/postgresql';
import { Bank } from '../domain/index.js';
import { Balances } from './balances.js';

// The bank stores through an ORM of its own on the fixture's database, as an application keeping its own
// tables in the events' transactions does.
const bank = useApplication(
  test,
  async ({ location = '' }) => {
    const orm = new MikroORM({ clientUrl: location, discovery: { warnWhenNoEntities: false } });
    const app = new Bank({ strategy: new MikroOrmStrategy({ orm, ownsOrm: true, migrate: true }) });
    const balances = new Balances(orm);
    await balances.migrate();
    app.useReadModel(balances);
    return app;
  },
  { storage: 'postgres', scope: 'file' },
);

test('the balances read model follows every save, in the same transaction', async (t) => {
  const alice = await bank(t).openAccount('Alice', 1_000);
  const bob = await bank(t).openAccount('Bob');
  await bank(t).deposit(alice.id, 500);
  await bank(t).transfer(alice.id, bob.id, 1_200);
  const rows = (await bank(t).balances()).filter((b) => [alice.id, bob.id].includes(b.accountId));
  t.deepEqual(
    rows.map((b) => [b.owner, b.balance, b.version]),
    [
      ['Alice', -700, 3],
      ['Bob', 1_200, 2],
    ],
  );
});

test('a save that fails leaves the read model as it was', async (t) => {
  const alice = await bank(t).openAccount('Alice');
  const stale = await bank(t).account(alice.id);
  await bank(t).deposit(alice.id, 100);
  stale.deposit(999);
  await t.throwsAsync(bank(t).save(stale));
  const row = (await bank(t).balances()).find((b) => b.accountId === alice.id);
  t.deepEqual(row && [row.balance, row.version], [100, 2]);
});
