import test from 'ava';
import { strategyContract } from '@annals/testing';
import { createPostgresqlDatabase, type TemporaryDatabase } from '../testing/index.js';
import { postgresqlStrategy } from './postgresql-strategy.js';

let database: TemporaryDatabase | undefined;
test.after.always(async () => database?.drop());

strategyContract(test, {
  create: async () => {
    database = await createPostgresqlDatabase();
    return postgresqlStrategy({ url: database.url });
  },
});
