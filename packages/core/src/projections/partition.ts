/**
 * The partition (0 … count − 1) of an aggregate's events: a stable hash of its id, so every event of an
 * aggregate goes to the same partition, in order, in every process.
 */
export function partitionOf(originatorId: string, count: number): number {
  if (count === 1) return 0;
  // FNV-1a over the id's characters: cheap, stable across processes and versions, and well spread for UUIDs.
  let hash = 0x811c9dc5;
  for (let index = 0; index < originatorId.length; index++) {
    hash ^= originatorId.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % count;
}
