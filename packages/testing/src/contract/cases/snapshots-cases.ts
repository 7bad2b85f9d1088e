import type { ReadSnapshot, StoredSnapshot } from '@annals/core/storage';
import { casesNeeding } from '../contract-case.js';
import { asStored, bytes, newId } from '../records.js';
import { snapshots } from '../requirements.js';

/** A snapshot read back with its state as bytes; none when none was found. */
const storedSnapshot = (read: ReadSnapshot | undefined): StoredSnapshot | undefined => read && asStored(read);

/** `SnapshotStore`. */
export const snapshotsCases = casesNeeding(snapshots, [
  {
    title: 'stores snapshots and finds the latest at or before a version',
    run: async (t, { strategy }) => {
      const id = newId();
      t.is(await strategy.selectSnapshot(id), undefined);
      const snapshot = (version: number) => ({
        originatorId: id,
        originatorVersion: version,
        topic: 'Contract.Aggregate',
        state: bytes(`{"at":${version}}`),
      });
      await strategy.insertSnapshot(snapshot(5));
      await strategy.insertSnapshot(snapshot(10));
      t.deepEqual(storedSnapshot(await strategy.selectSnapshot(id)), snapshot(10));
      t.deepEqual(storedSnapshot(await strategy.selectSnapshot(id, 9)), snapshot(5));
      t.deepEqual(storedSnapshot(await strategy.selectSnapshot(id, 10)), snapshot(10));
      t.is(await strategy.selectSnapshot(id, 4), undefined);
    },
  },
  {
    title: 'reads back byte for byte a snapshot that starts like JSON text but is not UTF-8 text',
    run: async (t, { strategy }) => {
      const id = newId();
      const snapshot = {
        originatorId: id,
        originatorVersion: 3,
        topic: 'Contract.Aggregate',
        state: Uint8Array.of(0x7b, 0xc3, 0x28, 0x7d),
      };
      await strategy.insertSnapshot(snapshot);
      t.deepEqual(storedSnapshot(await strategy.selectSnapshot(id)), snapshot);
    },
  },
  {
    title: 'a snapshot at the same version replaces the one stored',
    run: async (t, { strategy }) => {
      const id = newId();
      const at = (text: string) => ({
        originatorId: id,
        originatorVersion: 3,
        topic: 'Contract.Aggregate',
        state: bytes(text),
      });
      await strategy.insertSnapshot(at('{"first":true}'));
      await strategy.insertSnapshot(at('{"second":true}'));
      t.deepEqual(storedSnapshot(await strategy.selectSnapshot(id)), at('{"second":true}'));
    },
  },
]);
