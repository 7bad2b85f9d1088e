import { readFileSync } from 'node:fs';
import { Messaging } from '@annals/amqp';
import { cassandraStrategy } from '@annals/cassandra';
import { postgresqlStrategy } from '@annals/mikro-orm/postgresql';
import { Bank } from './bank.js';

const env = process.env;

// #region postgresql-url
// BANK_POSTGRES_URL=postgresql://bank:…@db.internal:5432/bank?sslmode=verify-full&sslrootcert=/etc/annals/db-ca.pem
const bank = new Bank({ strategy: postgresqlStrategy({ url: env['BANK_POSTGRES_URL'] ?? '' }) });
// #endregion postgresql-url

// #region postgresql-option
const bankWithCa = new Bank({
  strategy: postgresqlStrategy({
    url: env['BANK_POSTGRES_URL'] ?? '',
    tls: { ca: readFileSync('/etc/annals/db-ca.pem', 'utf8') },
  }),
});
// #endregion postgresql-option

// #region amqp
const messaging = new Messaging(bank, {
  url: env['BANK_AMQP_URL'] ?? '', // amqps://bank:…@rabbit.internal:5671
  tls: { ca: readFileSync('/etc/annals/broker-ca.pem', 'utf8') },
  exchange: 'bank.events',
  publishes: ['BankAccount.*'],
});
// #endregion amqp

// #region cassandra
const bankOnCassandra = new Bank({
  strategy: cassandraStrategy({
    contactPoints: ['10.0.0.5:9042', '10.0.0.6:9042'],
    keyspace: 'bank',
    tls: { ca: readFileSync('/etc/annals/cassandra-ca.pem', 'utf8') },
    clientOptions: {
      credentials: { username: 'bank', password: env['BANK_CASSANDRA_PASSWORD'] ?? '' },
    },
  }),
});
// #endregion cassandra

export { bankOnCassandra, bankWithCa, messaging };
