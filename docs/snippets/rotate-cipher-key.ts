import type { Application } from '@annals/core';

// #region rotate-cipher-key
/**
 * Copies every event of `from`, opened with the old key, into the empty storage of `to`, opened with the new
 * key: each is decrypted with the old key and encrypted with the new one, in log order. Run it while nothing
 * writes to `from`. @returns how many events were copied
 */
export async function reencrypt(from: Application, to: Application): Promise<number> {
  let copied = 0;
  for await (const notification of from.notificationLog.iterate()) {
    const event = from.notificationLog.decode(notification);
    await to.strategy.append([to.mapper.toStoredEvent(event)]);
    copied++;
  }
  return copied;
}
// #endregion rotate-cipher-key
