import { Bank } from './bank.js';

// #region strategy
import { cassandraStrategy } from '@annals/cassandra';

const strategy = cassandraStrategy({
  contactPoints: ['10.0.0.1:9042', '10.0.0.2:9042'],
  localDataCenter: 'dc1',
  keyspace: 'bank',
  replication: { class: 'NetworkTopologyStrategy', dataCenters: { dc1: 3, dc2: 3 } },
});
await strategy.migrate();
const bank = new Bank({ strategy });
// #endregion strategy
await bank.close();
