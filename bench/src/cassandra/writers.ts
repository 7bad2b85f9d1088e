import type { AppendShape } from './cassandra-task.js';
import { BUCKET_SIZE } from './connection.js';

/**
 * Runs the writers of a measured append concurrently, each writing its batches one after another through
 * `write`, which is told the versions the batch takes. A writer starts on a fresh aggregate from `open`, and
 * moves on to another before the next batch would leave the aggregate's first bucket: every measured append
 * is then one conditional batch, and none opens a bucket.
 */
export async function runWriters<Writer>(
  shape: AppendShape,
  open: () => Writer,
  write: (writer: Writer, firstVersion: number, events: number) => Promise<void>,
): Promise<void> {
  const { writers, transactionsPerWriter: batches, eventsPerTransaction: events } = shape;
  const batchesPerAggregate = Math.floor(BUCKET_SIZE / events);
  if (batchesPerAggregate === 0) throw new Error(`a batch of ${events} events does not fit in a bucket`);
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
