import test from 'ava';
import { postgresqlStrategy } from '@annals/mikro-orm/postgresql';
import { createPostgresqlDatabase, type TemporaryDatabase } from '@annals/mikro-orm/testing';
import { strategyContract } from '@annals/testing';

let database: TemporaryDatabase | undefined;
test.after.always(async () => database?.drop());

strategyContract(test, {
  create: async () => {
    database = await createPostgresqlDatabase();
    return postgresqlStrategy({ url: database.url });
  },
});
