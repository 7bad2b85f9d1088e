import { readFileSync, writeFileSync } from 'node:fs';

/** Sets this process's peak resident set size (VmHWM) back to what it holds now (Linux 4.0 and later). */
export function resetHighWaterMark(): void {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    // Without it the samples alone give the peak.
  }
}

/** The peak resident set size since {@link resetHighWaterMark}, which catches a peak between two samples. */
export function highWaterMark(): number {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}
