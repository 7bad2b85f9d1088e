import { MikroORM } from '@mikro-orm/postgresql';
import { Bank } from './bank.js';

const orm = await MikroORM.init({ clientUrl: 'postgresql://postgres@127.0.0.1:5432/bank', entities: [] });

// #region strategies
import { sqliteStrategy, sqlitePersistence } from '@annals/mikro-orm/sqlite';
import { postgresqlStrategy, postgresqlPersistence } from '@annals/mikro-orm/postgresql';
import { MikroOrmStrategy } from '@annals/mikro-orm';

// 1. A file of its own (Annals creates and closes the ORM, and migrates on first use):
new Bank({ strategy: sqliteStrategy({ path: './bank.sqlite' }) });

// 2. A PostgreSQL pool of its own:
new Bank({ strategy: postgresqlStrategy({ url: 'postgresql://postgres@127.0.0.1:5432/bank' }) });

// 3. Your application's own ORM, so saves join your transactions (see below):
const strategy = new MikroOrmStrategy({ orm });
await strategy.migrate();
new Bank({ strategy });
// #endregion strategies

// #region configured
new Bank({ strategies: { sqlite: sqlitePersistence, postgres: postgresqlPersistence } });
// BANK_PERSISTENCE=postgres BANK_POSTGRES_URL=postgresql://… node server.js
// #endregion configured
