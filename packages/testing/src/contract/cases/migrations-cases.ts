import { casesNeeding } from '../contract-case.js';
import { history, newId, versions } from '../records.js';
import { migrations } from '../requirements.js';

/** `MigratableStore`. */
export const migrationsCases = casesNeeding(migrations, [
  {
    title: 'migrate() brings the schema up to date, and a second run applies nothing',
    run: async (t, { strategy }) => {
      const applied = await strategy.migrate();
      t.true(applied.every((name) => typeof name === 'string' && name.length > 0));
      t.deepEqual(await strategy.migrate(), []);
      const id = newId();
      await strategy.append(history(id, 1, 1));
      t.deepEqual(versions(await strategy.selectEvents(id)), [1]);
    },
  },
  {
    title: 'migrations run at the same time apply each migration once',
    run: async (t, { strategy }) => {
      const applied = (
        await Promise.all([strategy.migrate(), strategy.migrate(), strategy.migrate()])
      ).flat();
      t.is(new Set(applied).size, applied.length, `applied: ${applied.join(', ')}`);
    },
  },
]);
