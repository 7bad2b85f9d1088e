import { Bank } from './bank.js';

// #region persistence
import { cassandraPersistence } from '@annals/cassandra';

const bank = new Bank({ persistence: 'cassandra', strategies: { cassandra: cassandraPersistence } });
// #endregion persistence
await bank.close();
