import cassandra from 'cassandra-driver';

/** A consistency level for reads and for the commit of writes, as CQL names it. */
export type Consistency =
  'ONE' | 'TWO' | 'THREE' | 'QUORUM' | 'ALL' | 'LOCAL_QUORUM' | 'EACH_QUORUM' | 'LOCAL_ONE';

/** The consistency of the Paxos phase of lightweight transactions and of serial reads. */
export type SerialConsistency = 'SERIAL' | 'LOCAL_SERIAL';

/** Consistency levels for reads and for the commit of writes. */
export const consistencyNames: readonly Consistency[] = [
  'ONE',
  'TWO',
  'THREE',
  'QUORUM',
  'ALL',
  'LOCAL_QUORUM',
  'EACH_QUORUM',
  'LOCAL_ONE',
];

/** Consistency levels of the Paxos phase of lightweight transactions and of serial reads. */
export const serialConsistencyNames: readonly SerialConsistency[] = ['SERIAL', 'LOCAL_SERIAL'];

const { consistencies } = cassandra.types;

const codes: Readonly<Record<Consistency | SerialConsistency, number>> = {
  ONE: consistencies.one,
  TWO: consistencies.two,
  THREE: consistencies.three,
  QUORUM: consistencies.quorum,
  ALL: consistencies.all,
  LOCAL_QUORUM: consistencies.localQuorum,
  EACH_QUORUM: consistencies.eachQuorum,
  LOCAL_ONE: consistencies.localOne,
  SERIAL: consistencies.serial,
  LOCAL_SERIAL: consistencies.localSerial,
};

/** The driver's code for a consistency level. */
export function consistencyCode(name: Consistency | SerialConsistency): number {
  return codes[name];
}
