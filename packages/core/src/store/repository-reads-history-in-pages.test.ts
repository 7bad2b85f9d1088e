import test from 'ava';
import { Wallet, Wallets } from '../application/fixtures/wallet.js';
import { InMemoryStrategy } from '../memory/index.js';
import type { EventRange, StoredEvent } from '../storage/index.js';

/** Records the reads the repository makes of aggregates' histories. */
class WatchedStrategy extends InMemoryStrategy {
  readonly reads: EventRange[] = [];

  override async selectEvents(originatorId: string, range: EventRange = {}): Promise<StoredEvent[]> {
    this.reads.push(range);
    return super.selectEvents(originatorId, range);
  }
}

test('loading an aggregate reads its history in pages, never all of it in one read', async (t) => {
  const strategy = new WatchedStrategy();
  await using app = new Wallets({ strategy, env: {} });
  const wallet = Wallet.create('ada');
  for (let batch = 0; batch < 5; batch++) {
    for (let n = 0; n < 500; n++) wallet.credit(1);
    await app.save(wallet);
  }
  strategy.reads.length = 0;
  const loaded = await app.get(Wallet, wallet.id);
  t.is(loaded.version, 2501);
  t.is(loaded.balance, 2500);
  t.true(strategy.reads.length >= 3, `${strategy.reads.length} reads`);
  for (const range of strategy.reads) {
    t.true(range.limit !== undefined && range.limit <= 1000, `a read of ${JSON.stringify(range)}`);
  }
});
