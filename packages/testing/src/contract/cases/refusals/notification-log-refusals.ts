import type { NotificationQuery } from '@annals/core/storage';
import { casesNeeding } from '../../contract-case.js';
import { assertRefused, LONE_SURROGATE, NUL, Rule, type Refusal } from '../../refusals.js';
import { notificationLog } from '../../requirements.js';

/** `NotificationLogStore`'s refusals: queries out of range, and topic filters no store could match exactly. */
export const notificationLogRefusals = casesNeeding(notificationLog, [
  {
    title: 'refuses a malformed log query with a validation error naming the field and rule',
    run: async (t, { strategy }) => {
      const select = (query: NotificationQuery) => () => strategy.selectNotifications(query);
      const refusals: Refusal[] = [
        { what: 'start 0', attempt: select({ start: 0, limit: 1 }), field: 'start', rule: Rule.position },
        {
          what: 'start 2^53',
          attempt: select({ start: 2 ** 53, limit: 1 }),
          field: 'start',
          rule: Rule.position,
        },
        { what: 'limit 0', attempt: select({ start: 1, limit: 0 }), field: 'limit', rule: Rule.position },
        { what: 'limit 1.5', attempt: select({ start: 1, limit: 1.5 }), field: 'limit', rule: Rule.position },
        {
          what: 'a fractional stop',
          attempt: select({ start: 1, limit: 1, stop: 1.5 }),
          field: 'stop',
          rule: /must be an integer/,
        },
        {
          what: 'an empty topic filter',
          attempt: select({ start: 1, limit: 1, topics: [''] }),
          field: 'topic',
          rule: Rule.nonEmpty,
        },
        {
          what: 'a topic filter with a lone surrogate',
          attempt: select({
            start: 1,
            limit: 1,
            topics: ['Contract.Happened', `Contract.${LONE_SURROGATE}`],
          }),
          field: 'topic',
          rule: Rule.wellFormed,
        },
        {
          what: 'a topic filter holding NUL',
          attempt: select({ start: 1, limit: 1, topics: [`Contract.${NUL}`] }),
          field: 'topic',
          rule: Rule.noNul,
        },
      ];
      await assertRefused(t, refusals);
    },
  },
]);
