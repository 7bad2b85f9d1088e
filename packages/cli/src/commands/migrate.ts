import type { BuiltinCommand } from './command.js';

interface Migratable {
  migrate(): Promise<unknown>;
}

export const migrateCommand: BuiltinCommand = {
  name: 'migrate',
  usage: 'migrate',
  summary: 'create or update the storage tables',
  run: async ({ app, output }) => {
    const strategy = app.strategy as Partial<Migratable>;
    if (typeof strategy.migrate !== 'function') {
      output.result(
        { storage: app.strategy.name, applied: [] },
        `${app.strategy.name} storage needs no migration`,
      );
      return;
    }
    const done = await strategy.migrate();
    const applied = Array.isArray(done) ? (done as string[]) : [];
    output.result(
      { storage: app.strategy.name, applied },
      applied.length > 0 ? `applied ${applied.join(', ')}` : `${app.strategy.name} storage is up to date`,
    );
  },
};
