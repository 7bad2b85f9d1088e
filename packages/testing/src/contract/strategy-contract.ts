import type { TestFn } from 'ava';
import type { ActiveRecordStrategy, Capability } from '@annals/core';
import { allCapabilities } from '@annals/core/storage';
import { afterCommitCases } from './cases/after-commit-cases.js';
import { eventsCases } from './cases/events-cases.js';
import { leasesCases } from './cases/leases-cases.js';
import { migrationsCases } from './cases/migrations-cases.js';
import { multiAggregateAppendCases } from './cases/multi-aggregate-append-cases.js';
import { notificationLogCases } from './cases/notification-log-cases.js';
import { outboxCases } from './cases/outbox-cases.js';
import { outboxDispatchCases } from './cases/outbox-dispatch-cases.js';
import { projectionsCases } from './cases/projections-cases.js';
import { eventsRefusals } from './cases/refusals/events-refusals.js';
import { leasesRefusals } from './cases/refusals/leases-refusals.js';
import { notificationLogRefusals } from './cases/refusals/notification-log-refusals.js';
import { outboxDispatchRefusals } from './cases/refusals/outbox-dispatch-refusals.js';
import { outboxRefusals } from './cases/refusals/outbox-refusals.js';
import { projectionsRefusals } from './cases/refusals/projections-refusals.js';
import { snapshotsRefusals } from './cases/refusals/snapshots-refusals.js';
import { trackingRefusals } from './cases/refusals/tracking-refusals.js';
import { snapshotsCases } from './cases/snapshots-cases.js';
import { trackingCases } from './cases/tracking-cases.js';
import { transactionsCases } from './cases/transactions-cases.js';
import type { ContractCase } from './contract-case.js';

/** How the contract suite gets the strategy under test. */
export interface StrategyContractOptions {
  /** Builds the strategy on storage of its own (one per test file); closed after the file's tests. */
  readonly create: () => Promise<ActiveRecordStrategy>;
  /** Capabilities the strategy declares it does not have; their cases are skipped and say so. @default [] */
  readonly lacks?: readonly Capability[];
  /** How many writers race on one aggregate. @default 16 */
  readonly writers?: number;
}

/**
 * The cases, one list per storage interface, in the order `allCapabilities` lists them, each followed by
 * the refusals of its input rules.
 */
const contractCases: readonly ContractCase[] = [
  ...eventsCases,
  ...eventsRefusals,
  ...afterCommitCases,
  ...snapshotsCases,
  ...snapshotsRefusals,
  ...notificationLogCases,
  ...notificationLogRefusals,
  ...trackingCases,
  ...trackingRefusals,
  ...outboxCases,
  ...outboxRefusals,
  ...outboxDispatchCases,
  ...outboxDispatchRefusals,
  ...transactionsCases,
  ...migrationsCases,
  ...multiAggregateAppendCases,
  ...projectionsCases,
  ...projectionsRefusals,
  ...leasesCases,
  ...leasesRefusals,
];

/**
 * Registers the cases every active-record strategy must pass, unchanged, on `test`: those of the base port,
 * and those of each optional interface the strategy declares. Cases run concurrently against one strategy
 * and stay independent by using fresh aggregate ids.
 *
 * @example
 * ```ts
 * import test from 'ava';
 * strategyContract(test, { create: async () => new InMemoryStrategy(), lacks: ['outbox-dispatch', 'migrations'] });
 * ```
 */
export function strategyContract(test: TestFn, options: StrategyContractOptions): void {
  const lacks = new Set(options.lacks ?? []);
  let strategy: ActiveRecordStrategy | undefined;
  const context = {
    get strategy(): ActiveRecordStrategy {
      if (!strategy) throw new Error('the contract strategy was not created');
      return strategy;
    },
    writers: options.writers ?? 16,
  };

  test.before(async () => {
    strategy = await options.create();
  });
  test.after.always(async () => {
    await strategy?.close();
  });

  test('contract: declares exactly the capabilities it was said to lack', (t) => {
    const expected = allCapabilities.filter((capability) => !lacks.has(capability));
    t.deepEqual([...context.strategy.capabilities].sort(), [...expected].sort());
  });

  for (const contractCase of contractCases) {
    const missing = contractCase.needs.filter((capability) => lacks.has(capability));
    const title = `contract: ${contractCase.title}`;
    if (missing.length > 0) {
      // The strategy declared it lacks these capabilities, so the case cannot apply; the title says why.
      test.skip(`${title} (skipped: the strategy lacks ${missing.join(', ')})`, () => undefined);
    } else {
      const register = contractCase.serial ? test.serial : test;
      register(title, (t) => contractCase.run(t, context));
    }
  }
}
