import type { CheckpointKey, ProjectionChange } from '@annals/core/storage';
import { casesNeeding } from '../../contract-case.js';
import { newId } from '../../records.js';
import { assertRefused, LONE_SURROGATE, NUL, Rule, type Refusal } from '../../refusals.js';
import { projections } from '../../requirements.js';

/** `ProjectionStore`'s refusals: names are text every store holds, generations and positions in range. */
export const projectionsRefusals = casesNeeding(projections, [
  {
    title: 'refuses a malformed projection name or change naming the field and rule, changing nothing',
    run: async (t, { strategy }) => {
      const name = `projection-${newId()}`;
      await strategy.registerProjection(name);
      const update = (change: ProjectionChange) => () => strategy.updateProjection(name, change);
      const refusals: Refusal[] = [
        {
          what: 'an empty name',
          attempt: () => strategy.registerProjection(''),
          field: 'projection name',
          rule: Rule.nonEmpty,
        },
        {
          what: 'a name with a lone surrogate',
          attempt: () => strategy.registerProjection(`${name}${LONE_SURROGATE}`),
          field: 'projection name',
          rule: Rule.wellFormed,
        },
        {
          what: 'a name holding NUL',
          attempt: () => strategy.updateProjection(`${name}${NUL}`, { paused: true }),
          field: 'projection name',
          rule: Rule.noNul,
        },
        { what: 'generation 0', attempt: update({ generation: 0 }), field: 'generation', rule: Rule.version },
        {
          what: 'generation 2^31',
          attempt: update({ generation: 2 ** 31 }),
          field: 'generation',
          rule: Rule.version,
        },
        {
          what: 'rebuilding 1.5',
          attempt: update({ rebuilding: 1.5 }),
          field: 'rebuilding',
          rule: Rule.version,
        },
        {
          what: 'paused that is not a boolean',
          attempt: update({ paused: 'yes' as unknown as boolean }),
          field: 'paused',
          rule: /must be a boolean/,
        },
      ];
      await assertRefused(t, refusals);
      t.deepEqual(
        (await strategy.projections()).filter((record) => record.name.startsWith(name)),
        [{ name, generation: 1, paused: false, rebuilding: undefined }],
        'no refused name was registered, and the record is unchanged',
      );
    },
  },
  {
    title: 'refuses a malformed checkpoint key or position naming the field and rule, moving nothing',
    run: async (t, { strategy }) => {
      const projection = `projection-${newId()}`;
      const key: CheckpointKey = { projection, generation: 1, partition: 0 };
      const move = (change: Partial<CheckpointKey>, from: number, to: number) => () =>
        strategy.moveCheckpoint({ ...key, ...change }, from, to);
      const refusals: Refusal[] = [
        {
          what: 'a projection holding NUL',
          attempt: move({ projection: `${projection}${NUL}` }, 0, 1),
          field: 'projection',
          rule: Rule.noNul,
        },
        {
          what: 'a projection with a lone surrogate',
          attempt: () => strategy.checkpoint({ ...key, projection: `${projection}${LONE_SURROGATE}` }),
          field: 'projection',
          rule: Rule.wellFormed,
        },
        {
          what: 'generation 0',
          attempt: move({ generation: 0 }, 0, 1),
          field: 'generation',
          rule: Rule.version,
        },
        {
          what: 'partition -1',
          attempt: move({ partition: -1 }, 0, 1),
          field: 'partition',
          rule: Rule.versionOrZero,
        },
        {
          what: 'partition 2^31',
          attempt: () => strategy.checkpoint({ ...key, partition: 2 ** 31 }),
          field: 'partition',
          rule: Rule.versionOrZero,
        },
        { what: 'from -1', attempt: move({}, -1, 1), field: 'from', rule: Rule.positionOrZero },
        { what: 'to 2^53', attempt: move({}, 0, 2 ** 53), field: 'to', rule: Rule.positionOrZero },
        { what: 'to 1.5', attempt: move({}, 0, 1.5), field: 'to', rule: Rule.positionOrZero },
        {
          what: 'checkpoints of an empty projection',
          attempt: () => strategy.checkpoints(''),
          field: 'projection',
          rule: Rule.nonEmpty,
        },
        {
          what: 'deleting generation 1.5',
          attempt: () => strategy.deleteCheckpoints(projection, 1.5),
          field: 'generation',
          rule: Rule.version,
        },
      ];
      await assertRefused(t, refusals);
      t.deepEqual(await strategy.checkpoints(projection), [], 'no refused move was stored');
      t.is(await strategy.checkpoint({ ...key, projection: `${projection}\ufffd` }), 0);
    },
  },
]);
