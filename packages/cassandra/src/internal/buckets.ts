/**
 * The arithmetic bucket of a version: versions 1..S are bucket 0, S+1..2S bucket 1, and so on. An append
 * goes to the bucket of its FIRST version, whole, so a bucket's partition may also hold the tail of the
 * append that crossed its end (fewer than S versions, as an append holds at most S events).
 */
export function bucketOf(version: number, bucketSize: number): number {
  return Math.floor((version - 1) / bucketSize);
}

/**
 * A bucket is sealed once its head (highest stored version) reaches the last version of its arithmetic
 * range; no append goes there any more and the next bucket may open.
 */
export function isSealed(bucket: number, head: number, bucketSize: number): boolean {
  return head >= (bucket + 1) * bucketSize;
}
