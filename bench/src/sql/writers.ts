import type { AppendShape } from './sql-task.js';

/**
 * Runs the writers of an append concurrently. Each gets a fresh aggregate id from `open` and writes its
 * transactions one after another through `write`, which is told the versions the transaction takes.
 * @returns the writers' aggregate ids
 */
export async function runWriters<Writer extends { readonly id: string }>(
  shape: AppendShape,
  open: () => Writer,
  write: (writer: Writer, firstVersion: number, events: number) => Promise<void>,
): Promise<string[]> {
  const writers = Array.from({ length: shape.writers }, open);
  await Promise.all(
    writers.map(async (writer) => {
      for (let transaction = 0; transaction < shape.transactionsPerWriter; transaction++) {
        await write(writer, transaction * shape.eventsPerTransaction + 1, shape.eventsPerTransaction);
      }
    }),
  );
  return writers.map((writer) => writer.id);
}
