import { casesNeeding } from '../../contract-case.js';
import { assertRefused, Rule } from '../../refusals.js';
import { outboxDispatch } from '../../requirements.js';

/** `OutboxDispatch`'s refusals. */
export const outboxDispatchRefusals = casesNeeding(outboxDispatch, [
  {
    title: 'refuses to settle a sequence that is not a position',
    run: async (t, { strategy }) => {
      await assertRefused(t, [
        {
          what: 'a confirmed sequence 0',
          attempt: () => strategy.settleOutbox([0], []),
          field: 'outbox sequence',
          rule: Rule.position,
        },
        {
          what: 'an unconfirmed sequence 1.5',
          attempt: () => strategy.settleOutbox([], [1.5]),
          field: 'outbox sequence',
          rule: Rule.position,
        },
      ]);
    },
  },
]);
