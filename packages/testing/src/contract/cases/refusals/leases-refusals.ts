import { casesNeeding } from '../../contract-case.js';
import { newId } from '../../records.js';
import { assertRefused, LONE_SURROGATE, NUL, Rule } from '../../refusals.js';
import { leases } from '../../requirements.js';

/** `LeaseStore`'s refusals. */
export const leasesRefusals = casesNeeding(leases, [
  {
    title: 'refuses a malformed lease name naming the rule, taking no lease',
    run: async (t, { strategy }) => {
      const name = `lease-${newId()}`;
      await assertRefused(t, [
        {
          what: 'an empty name',
          attempt: () => strategy.tryLease(''),
          field: 'lease name',
          rule: Rule.nonEmpty,
        },
        {
          what: 'a name holding NUL',
          attempt: () => strategy.tryLease(`${name}${NUL}`),
          field: 'lease name',
          rule: Rule.noNul,
        },
        {
          what: 'a name with a lone surrogate',
          attempt: () => strategy.tryLease(`${name}${LONE_SURROGATE}`),
          field: 'lease name',
          rule: Rule.wellFormed,
        },
      ]);
      const lease = await strategy.tryLease(`${name}\ufffd`);
      t.teardown(() => lease?.release());
      t.truthy(lease, 'the refused name was not taken as U+FFFD');
    },
  },
]);
