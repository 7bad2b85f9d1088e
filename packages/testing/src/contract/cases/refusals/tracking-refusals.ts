import type { Tracking } from '@annals/core';
import { casesNeeding } from '../../contract-case.js';
import { history, newId } from '../../records.js';
import { assertRefused, LONE_SURROGATE, NUL, Rule, type Refusal } from '../../refusals.js';
import { tracking } from '../../requirements.js';

/** `TrackingStore`'s refusals: tracking records, consumer names and message ids follow the input rules. */
export const trackingRefusals = casesNeeding(tracking, [
  {
    title: 'refuses a malformed tracking record naming the field and rule, storing none of that append',
    run: async (t, { strategy }) => {
      const id = newId();
      const upstream = `upstream-${id}`;
      const track = (record: Tracking) => () => strategy.append(history(id, 1, 1), { tracking: record });
      const refusals: Refusal[] = [
        {
          what: 'an empty application',
          attempt: track({ application: '', position: 1 }),
          field: 'tracking.application',
          rule: Rule.nonEmpty,
        },
        {
          what: 'an application with a lone surrogate',
          attempt: track({ application: `${upstream}${LONE_SURROGATE}`, position: 1 }),
          field: 'tracking.application',
          rule: Rule.wellFormed,
        },
        {
          what: 'an application holding NUL',
          attempt: track({ application: `${upstream}${NUL}`, position: 1 }),
          field: 'tracking.application',
          rule: Rule.noNul,
        },
        {
          what: 'position 0',
          attempt: track({ application: upstream, position: 0 }),
          field: 'tracking.position',
          rule: Rule.position,
        },
        {
          what: 'position 2^53',
          attempt: track({ application: upstream, position: 2 ** 53 }),
          field: 'tracking.position',
          rule: Rule.position,
        },
        {
          what: 'a read of an application holding NUL',
          attempt: () => strategy.maxTrackingPosition(`${upstream}${NUL}`),
          field: 'application',
          rule: Rule.noNul,
        },
        {
          what: 'a read of an empty application',
          attempt: () => strategy.maxTrackingPosition(''),
          field: 'application',
          rule: Rule.nonEmpty,
        },
      ];
      await assertRefused(t, refusals);
      t.deepEqual(await strategy.selectEvents(id), [], 'no event of the refused appends was stored');
      t.is(await strategy.maxTrackingPosition(upstream), 0);
      t.is(await strategy.maxTrackingPosition(`${upstream}\ufffd`), 0, 'no surrogate was stored as U+FFFD');
    },
  },
  {
    title: 'refuses a malformed consumer or message id naming the field and rule, recording none of them',
    run: async (t, { strategy }) => {
      const [consumer, message] = [`consumer-${newId()}`, newId()];
      const record = (name: string, ids: string[]) => () => strategy.recordProcessedMessages(name, ids);
      const refusals: Refusal[] = [
        { what: 'an empty consumer', attempt: record('', [message]), field: 'consumer', rule: Rule.nonEmpty },
        {
          what: 'a consumer with a lone surrogate',
          attempt: record(`${consumer}${LONE_SURROGATE}`, [message]),
          field: 'consumer',
          rule: Rule.wellFormed,
        },
        {
          what: 'a consumer holding NUL',
          attempt: record(`${consumer}${NUL}`, [message]),
          field: 'consumer',
          rule: Rule.noNul,
        },
        {
          what: 'an empty message id beside a valid one',
          attempt: record(consumer, [message, '']),
          field: 'message id',
          rule: Rule.nonEmpty,
        },
        {
          what: 'a message id holding NUL',
          attempt: record(consumer, [message, `${message}${NUL}`]),
          field: 'message id',
          rule: Rule.noNul,
        },
        {
          what: 'a message id with a lone surrogate',
          attempt: record(consumer, [`${message}${LONE_SURROGATE}`]),
          field: 'message id',
          rule: Rule.wellFormed,
        },
      ];
      await assertRefused(t, refusals);
      t.deepEqual(
        await strategy.recordProcessedMessages(consumer, [message, `${message}\ufffd`]),
        [message, `${message}\ufffd`],
        'nothing was recorded by the refused calls',
      );
      t.deepEqual(await strategy.recordProcessedMessages(`${consumer}\ufffd`, [message]), [message]);
    },
  },
]);
