import { randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { OperationalError } from '@annals/core';
import type { types } from 'cassandra-driver';
import { isOutcomeUnknown } from './outcome.js';
import type { Session } from './session.js';

/**
 * What a serial read found where a conditional write writes: the write's own mark (`stored`), another write's
 * (`lost`), or what was there before, so the write did not happen and never will (`absent`).
 */
export type Finding = 'stored' | 'lost' | 'absent';

/**
 * A lightweight transaction that marks what it writes with an id of its own, so that a serial read can tell
 * whether it happened when the node could not say.
 */
export interface ConditionalWrite<T> {
  /** What the write does, for messages: `appending version 3 of …`. */
  readonly what: string;
  /** The same as fields of the warning logged when its outcome is unknown: `{ aggregate, version }`. */
  readonly context: Readonly<Record<string, unknown>>;
  /** Sends the write once and reads the node's answer. */
  send(): Promise<T>;
  /** Reads, with {@link readSerially}, what holds the place the write writes. */
  find(): Promise<Finding>;
  /** The answer when the write turned out stored. */
  stored(): T;
  /** The answer when another write turned out to hold its place. */
  lost(): T;
}

/**
 * How many times a conditional write is sent while each failure with an unknown outcome turns out to have
 * stored nothing, as Paxos rounds that time out under contention do. Between sends the writer backs off for
 * a random, doubling while.
 */
export const SENDS = 6;

/** How many times a serial read is tried before the outcome it was to decide is reported unknown. */
export const SERIAL_READS = 5;

/**
 * Sends a conditional write and decides every unknown outcome (a write timeout, a lost connection) with a
 * serial read, which first completes any Paxos round still in flight, so what it finds is final. A write
 * that turned out not to happen is sent again, up to {@link SENDS} times.
 * @throws OperationalError when every send stored nothing (safe to retry), or the outcome could not be read.
 */
export async function writeConditionally<T>(session: Session, write: ConditionalWrite<T>): Promise<T> {
  for (let send = 1; ; send++) {
    try {
      return await write.send();
    } catch (failure) {
      if (!isOutcomeUnknown(failure)) throw failure;
      session.options.logger.warn(
        { ...write.context, err: failure, send },
        `${write.what} has an unknown outcome; deciding it with a serial read`,
      );
      const finding = await find(write, failure);
      if (finding === 'stored') return write.stored();
      if (finding === 'lost') return write.lost();
      if (send === SENDS) {
        throw new OperationalError(
          `${write.what} failed ${SENDS} times (${String(failure)}); serial reads show none of it was ` +
            'stored, so it is safe to retry',
          { cause: failure },
        );
      }
      await backOff(send);
    }
  }
}

/**
 * Sends a conditional write whose effect is the same however often it is applied (opening a bucket, deleting
 * a row IF it exists), again after each unknown outcome, up to {@link SENDS} times.
 * @throws OperationalError naming `what` when every send had an unknown outcome.
 */
export async function writeIdempotently<T>(what: string, send: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (failure) {
      if (!isOutcomeUnknown(failure)) throw failure;
      if (attempt === SENDS) {
        throw new OperationalError(
          `${what} failed ${SENDS} times with an unknown outcome (${String(failure)}); it may or may not ` +
            'have happened, and doing it again is safe',
          { cause: failure },
        );
      }
      await backOff(attempt);
    }
  }
}

/**
 * A read at serial consistency, tried again after timeouts: Paxos rounds that contend for a partition time
 * out its serial reads as they do its writes.
 */
export async function readSerially(
  session: Session,
  query: string,
  params: readonly unknown[],
): Promise<types.ResultSet> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await session.read(query, params, { serial: true });
    } catch (error) {
      if (!isOutcomeUnknown(error) || attempt === SERIAL_READS) throw error;
      await backOff(attempt);
    }
  }
}

async function find<T>(write: ConditionalWrite<T>, failure: unknown): Promise<Finding> {
  try {
    return await write.find();
  } catch (error) {
    throw new OperationalError(
      `${write.what} failed (${String(failure)}) and its outcome is unknown: it may or may not be stored; ` +
        `read it before retrying (${String(error)})`,
      { cause: error },
    );
  }
}

/** Sleeps a random while that doubles with each attempt: 50–200 ms after the first, 100–400 ms after the second… */
function backOff(attempt: number): Promise<void> {
  return sleep(randomInt(25, 100) * 2 ** attempt);
}
