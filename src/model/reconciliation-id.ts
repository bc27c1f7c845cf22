import { randomBytes } from 'node:crypto';

const ID = /^(\d{8}T\d{9}Z)-([0-9a-f]{8})$/;

/**
 * `20261122T020000123Z-1a2b3c4d`: the time it was requested, then a random part. The time makes
 * ids sort like the runs and lets a store find a run's row from its id alone.
 */
export function newReconciliationId(now: Date): string {
  const stamp = now.toISOString().replace(/[-:.]/g, '');
  return `${stamp}-${randomBytes(4).toString('hex')}`;
}

/** Milliseconds since the epoch of the id's time, or undefined when it is not such an id. */
export function reconciliationIdTime(id: string): number | undefined {
  const match = ID.exec(id);
  if (!match) return undefined;
  const s = match[1] as string;
  const iso = `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(9, 11)}:${s.slice(11, 13)}:${s.slice(13, 15)}.${s.slice(15, 18)}Z`;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
}
