import { hasMigrations } from '@annals/core';
import type { BuiltinCommand } from './command.js';

export const migrateCommand: BuiltinCommand = {
  name: 'migrate',
  usage: 'migrate',
  summary: 'create or update the storage tables',
  run: async ({ app, output }) => {
    const { strategy } = app;
    if (!hasMigrations(strategy)) {
      output.result({ storage: strategy.name, applied: [] }, `${strategy.name} storage needs no migration`);
      return;
    }
    const applied = await strategy.migrate();
    output.result(
      { storage: strategy.name, applied },
      applied.length > 0 ? `applied ${applied.join(', ')}` : `${strategy.name} storage is up to date`,
    );
  },
};
