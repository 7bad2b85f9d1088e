import type { ActiveRecordStrategy, StoredEvent } from '@annals/core';
import { casesNeeding } from '../../contract-case.js';
import { history, newId } from '../../records.js';
import { assertRefused, LONE_SURROGATE, NUL, Rule, type Refusal } from '../../refusals.js';
import { events } from '../../requirements.js';

const event = (originatorId: string, originatorVersion: number, topic = 'Contract.Bad'): StoredEvent => ({
  originatorId,
  originatorVersion,
  topic,
  state: new Uint8Array([1]),
});

/** The base port's refusals: the same input rules on every strategy, checked before anything is stored. */
export const eventsRefusals = casesNeeding<ActiveRecordStrategy>(events, [
  {
    title: 'refuses a malformed append with a validation error naming the field and rule, storing nothing',
    run: async (t, { strategy }) => {
      const id = newId();
      const append = (batch: StoredEvent[]) => () => strategy.append(batch);
      const refusals: Refusal[] = [
        { what: 'an empty batch', attempt: append([]), field: 'batch', rule: /empty/ },
        {
          what: 'a non-UUID id',
          attempt: append([event('not-a-uuid', 1)]),
          field: 'originatorId',
          rule: Rule.uuid,
        },
        {
          what: 'an id in upper case',
          attempt: append([event(id.toUpperCase(), 1)]),
          field: 'originatorId',
          rule: Rule.lowerCase,
        },
        {
          what: 'version 0',
          attempt: append([event(id, 0)]),
          field: 'originatorVersion',
          rule: Rule.version,
        },
        {
          what: 'version 1.5',
          attempt: append([event(id, 1.5)]),
          field: 'originatorVersion',
          rule: Rule.version,
        },
        {
          what: 'a version no store holds (2^31)',
          attempt: append([event(id, 2 ** 31)]),
          field: 'originatorVersion',
          rule: Rule.version,
        },
        {
          what: 'non-consecutive versions',
          attempt: append([event(id, 1), event(id, 3)]),
          field: `versions of ${id}`,
          rule: /consecutive/,
        },
        {
          what: 'a valid event beside an invalid one',
          attempt: append([event(id, 1), event('x', 1)]),
          field: 'originatorId',
          rule: Rule.uuid,
        },
        { what: 'an empty topic', attempt: append([event(id, 1, '')]), field: 'topic', rule: Rule.nonEmpty },
        {
          what: 'a topic with a lone surrogate',
          attempt: append([event(id, 1, `Contract.${LONE_SURROGATE}`)]),
          field: 'topic',
          rule: Rule.wellFormed,
        },
        {
          what: 'a topic holding NUL',
          attempt: append([event(id, 1, `Contract.${NUL}`)]),
          field: 'topic',
          rule: Rule.noNul,
        },
        {
          what: 'state that is not bytes',
          attempt: append([{ ...event(id, 1), state: 'text' as unknown as Uint8Array }]),
          field: 'state',
          rule: /Uint8Array/,
        },
      ];
      await assertRefused(t, refusals);
      t.deepEqual(await strategy.selectEvents(id), [], 'nothing of the refused appends was stored');
    },
  },
  {
    title: 'refuses a malformed read with a validation error naming the field and rule',
    run: async (t, { strategy }) => {
      const id = newId();
      await strategy.append(history(id, 1, 2));
      const refusals: Refusal[] = [
        {
          what: 'a non-UUID id',
          attempt: () => strategy.selectEvents('nope'),
          field: 'originatorId',
          rule: Rule.uuid,
        },
        {
          what: 'an id in upper case',
          attempt: () => strategy.selectEvents(id.toUpperCase()),
          field: 'originatorId',
          rule: Rule.lowerCase,
        },
        {
          what: 'gt -1',
          attempt: () => strategy.selectEvents(id, { gt: -1 }),
          field: 'gt',
          rule: Rule.versionOrZero,
        },
        {
          what: 'lte beyond every version (2^31)',
          attempt: () => strategy.selectEvents(id, { lte: 2 ** 31 }),
          field: 'lte',
          rule: Rule.versionOrZero,
        },
        {
          what: 'a fractional limit',
          attempt: () => strategy.selectEvents(id, { limit: 0.5 }),
          field: 'limit',
          rule: Rule.positionOrZero,
        },
        {
          what: 'a stream of a non-UUID id',
          attempt: () => strategy.streamEvents('nope'),
          field: 'originatorId',
          rule: Rule.uuid,
        },
        {
          what: 'a stream with a negative limit',
          attempt: () => strategy.streamEvents(id, { limit: -1 }),
          field: 'limit',
          rule: Rule.positionOrZero,
        },
        {
          what: 'a stream up to 2^31',
          attempt: () => strategy.streamEvents(id, { lte: 2 ** 31 }),
          field: 'lte',
          rule: Rule.versionOrZero,
        },
      ];
      await assertRefused(t, refusals);
      t.deepEqual(
        (await strategy.selectEvents(id, { lte: 2 ** 31 - 1 })).map((e) => e.originatorVersion),
        [1, 2],
        'the highest version is a valid bound',
      );
    },
  },
]);
