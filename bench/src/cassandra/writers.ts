import type { AppendShape } from './cassandra-task.js';
import { BUCKET_SIZE } from './connection.js';

/**
 * Runs the writers of a measured append concurrently, each writing its batches one after another through
 * `write`, which is told the versions the batch takes. A writer starts on a fresh aggregate from `open`, and
 * moves on to another once the aggregate holds `BUCKET_SIZE` events (with 10 events per batch, every 100
 * batches), so that a measurement has new aggregates as well as ones that go on. Every writer of a contender
 * appends to the same partition, the log's tail page: the writers race for its head, and a batch that loses
 * is sent again after the head it found, one conditional batch per try. Every `BUCKET_SIZE` positions the
 * tail moves to the next page, where each writer's aggregate has no rows yet and first lists the page in its
 * lane index.
 */
export async function runWriters<Writer>(
  shape: AppendShape,
  open: () => Writer,
  write: (writer: Writer, firstVersion: number, events: number) => Promise<void>,
): Promise<void> {
  const { writers, transactionsPerWriter: batches, eventsPerTransaction: events } = shape;
  const batchesPerAggregate = Math.floor(BUCKET_SIZE / events);
  if (batchesPerAggregate === 0) throw new Error(`a batch of ${events} events does not fit in a page`);
  await Promise.all(
    Array.from({ length: writers }, async () => {
      let writer = open();
      for (let batch = 0; batch < batches; batch++) {
        const inAggregate = batch % batchesPerAggregate;
        if (batch > 0 && inAggregate === 0) writer = open();
        await write(writer, inAggregate * events + 1, events);
      }
    }),
  );
}
