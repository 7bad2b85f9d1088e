import type { OutboxMessage } from '@annals/core';
import { messageOf } from '../../announced.js';
import { pendingOf } from '../../claims.js';
import { casesNeeding } from '../../contract-case.js';
import { history, newId } from '../../records.js';
import { assertRefused, LONE_SURROGATE, NUL, Rule, type Refusal } from '../../refusals.js';
import { outbox } from '../../requirements.js';

/** `OutboxStore`'s refusals. Serial, like the outbox cases: it looks at what claims hand over. */
export const outboxRefusals = casesNeeding(outbox, [
  {
    title: 'refuses a malformed outbox message naming the field and rule, storing none of that append',
    serial: true,
    run: async (t, { strategy }) => {
      const id = newId();
      const [event] = history(id, 1, 1);
      if (!event) throw new Error('no event');
      const valid = messageOf(event);
      const send =
        (...messages: OutboxMessage[]) =>
        () =>
          strategy.append([event], { outbox: messages });
      const sendWith = (change: Partial<OutboxMessage>) => send({ ...valid, ...change });
      const refusals: Refusal[] = [
        {
          what: 'an empty id',
          attempt: sendWith({ id: '' }),
          field: 'outbox message id',
          rule: Rule.nonEmpty,
        },
        {
          what: 'an id holding NUL',
          attempt: sendWith({ id: `${valid.id}${NUL}` }),
          field: 'outbox message id',
          rule: Rule.noNul,
        },
        {
          what: 'an id with a lone surrogate',
          attempt: sendWith({ id: `${valid.id}${LONE_SURROGATE}` }),
          field: 'outbox message id',
          rule: Rule.wellFormed,
        },
        {
          what: 'the same id twice',
          attempt: send(valid, { ...valid }),
          field: 'outbox message ids',
          rule: /must be unique/,
        },
        {
          what: 'an ordering key holding NUL',
          attempt: sendWith({ orderingKey: `${id}${NUL}` }),
          field: 'orderingKey',
          rule: Rule.noNul,
        },
        {
          what: 'an exchange with a lone surrogate',
          attempt: sendWith({ exchange: `annals.${LONE_SURROGATE}` }),
          field: 'exchange',
          rule: Rule.wellFormed,
        },
        {
          what: 'an empty routing key',
          attempt: sendWith({ routingKey: '' }),
          field: 'routingKey',
          rule: Rule.nonEmpty,
        },
        {
          what: 'a content type holding NUL',
          attempt: sendWith({ contentType: `text/plain${NUL}` }),
          field: 'contentType',
          rule: Rule.noNul,
        },
        {
          what: 'a header value with a lone surrogate',
          attempt: sendWith({ headers: { topic: LONE_SURROGATE } }),
          field: 'header topic',
          rule: Rule.wellFormed,
        },
        {
          what: 'an empty header name',
          attempt: sendWith({ headers: { '': 'x' } }),
          field: 'header name',
          rule: Rule.nonEmpty,
        },
        {
          what: 'a body that is not bytes',
          attempt: sendWith({ body: 'text' as unknown as Uint8Array }),
          field: 'body',
          rule: /Uint8Array/,
        },
        {
          what: 'an event id in upper case',
          attempt: sendWith({ event: { originatorId: id.toUpperCase(), originatorVersion: 1 } }),
          field: 'event.originatorId',
          rule: Rule.lowerCase,
        },
        {
          what: 'an event version 2^31',
          attempt: sendWith({ event: { originatorId: id, originatorVersion: 2 ** 31 } }),
          field: 'event.originatorVersion',
          rule: Rule.version,
        },
      ];
      await assertRefused(t, refusals);
      t.deepEqual(await strategy.selectEvents(id), [], 'no event of the refused appends was stored');
      t.deepEqual(await pendingOf(strategy, id), [], 'no message of the refused appends was stored');
    },
  },
  {
    title: 'refuses a claim of a malformed number of rows, handing nothing over',
    serial: true,
    run: async (t, { strategy }) => {
      let handed = 0;
      const claim = (limit: number) => () =>
        strategy.claimOutbox(limit, async (messages) => {
          handed += messages.length;
          return [];
        });
      await assertRefused(t, [
        { what: 'limit 0', attempt: claim(0), field: 'limit', rule: Rule.position },
        { what: 'limit 1.5', attempt: claim(1.5), field: 'limit', rule: Rule.position },
        { what: 'limit 2^53', attempt: claim(2 ** 53), field: 'limit', rule: Rule.position },
      ]);
      t.is(handed, 0);
    },
  },
]);
