import { casesNeeding } from '../contract-case.js';
import { newId } from '../records.js';
import { leases } from '../requirements.js';

const newLease = (): string => `lease-${newId()}`;

/** `LeaseStore`: at most one holder per name. */
export const leasesCases = casesNeeding(leases, [
  {
    title: 'a lease is held by one taker at a time; other names are free',
    run: async (t, { strategy }) => {
      const name = newLease();
      const lease = await strategy.tryLease(name);
      t.teardown(() => lease?.release());
      t.is(lease?.name, name);
      t.is(await strategy.tryLease(name), undefined);
      const other = await strategy.tryLease(newLease());
      t.teardown(() => other?.release());
      t.truthy(other);
    },
  },
  {
    title: 'releasing a lease frees it at once, and releasing it again does nothing',
    run: async (t, { strategy }) => {
      const name = newLease();
      const first = await strategy.tryLease(name);
      await first?.release();
      const second = await strategy.tryLease(name);
      t.teardown(() => second?.release());
      t.truthy(second, 'taken again after the release');
      await first?.release();
      t.is(
        await strategy.tryLease(name),
        undefined,
        'the second release did not free the next holder’s lease',
      );
    },
  },
  {
    title: 'a lease’s signal aborts when it is released',
    run: async (t, { strategy }) => {
      const lease = await strategy.tryLease(newLease());
      t.false(lease?.signal.aborted);
      await lease?.release();
      t.true(lease?.signal.aborted);
    },
  },
]);
