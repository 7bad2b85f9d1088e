/** The contenders of the Cassandra suite; the first is the one the others are compared with. */
export const CASSANDRA_CONTENDERS = ['annals', 'raw'] as const;

export type CassandraContenderName = (typeof CASSANDRA_CONTENDERS)[number];
