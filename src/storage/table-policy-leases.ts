import { createHash } from 'node:crypto';
import { decideLeaseAcquire, decideLeaseRelease, type LeaseMode, type LeaseState } from '../model/policy-lease.js';
import type { LeaseAttempt, PolicyLeases } from '../ports/policy-leases.js';
import { sleep } from '../shared/sleep.js';
import { statusCodeOf } from '../shared/status-code-of.js';
import { openTable, retryLostRaces, type Row, type StorageTable } from './storage-kit.js';

const PARTITION = 'policy-lease';
/** Another instance changed the entity between this one's read and write this many times in a row: give up. */
const MAX_ATTEMPTS = 20;

/**
 * PolicyLeases on Table storage: one entity per leased policy (its exclusive holder, its shared
 * holders, a waiting read-modify-write), read, decided by the shared pure rule, and written back
 * only if nobody wrote in between (ETag, or create-if-absent). A lost race is decided again on
 * what the winner wrote; the entity goes when nothing is held. Row keys are hashes of the policy
 * key: Graph paths hold '/', which row keys refuse. Times are this instance's clock; hosts kept
 * in step by NTP differ by far less than a lease lasts.
 */
export class TablePolicyLeases implements PolicyLeases {
  private readonly table: StorageTable;

  constructor(connection: string, tableName: string, private readonly clock: () => number = Date.now) {
    this.table = openTable(connection, tableName);
  }

  async acquire(key: string, owner: string, ttlMs: number, mode: LeaseMode): Promise<LeaseAttempt> {
    const rowKey = rowKeyOf(key);
    return retryLostRaces(`the lease of ${key}`, MAX_ATTEMPTS, async () => {
      const row = await this.table.read(PARTITION, rowKey);
      const decision = decideLeaseAcquire(row && stateOf(row), { owner, mode }, this.clock(), ttlMs);
      if (decision.next) await this.write(rowKey, key, row, decision.next);
      return decision.kind === 'granted' ? { kind: 'granted', lease: decision.lease } : { kind: 'held', retryInMs: decision.retryInMs };
    }, spread);
  }

  async release(key: string, owner: string): Promise<void> {
    const rowKey = rowKeyOf(key);
    await retryLostRaces(`the lease of ${key}`, MAX_ATTEMPTS, async () => {
      const row = await this.table.read(PARTITION, rowKey);
      if (!row) return;
      const { changed, next } = decideLeaseRelease(stateOf(row), owner, this.clock());
      if (!changed) return;
      if (next) await this.write(rowKey, key, row, next);
      else await deleteUnlessGone(this.table.client.deleteEntity(PARTITION, rowKey, { etag: row.etag }));
    }, spread);
  }

  /** Replaces the entity read (ETag), or creates it when there was none. */
  private async write(rowKey: string, key: string, row: Row | undefined, state: LeaseState): Promise<void> {
    const entity = {
      partitionKey: PARTITION,
      rowKey,
      key,
      shared: JSON.stringify(state.shared),
      ...(state.exclusive ? { exclusiveOwner: state.exclusive.owner, exclusiveExpiresAt: state.exclusive.expiresAt } : {}),
      ...(state.waiting ? { waitingOwner: state.waiting.owner, waitingUntil: state.waiting.until } : {}),
    };
    if (!row) await this.table.client.createEntity(entity);
    else await this.table.client.updateEntity(entity, 'Replace', { etag: row.etag }).catch(goneAsLostRace);
  }
}

/** Losers of a race come back spread over a few milliseconds, doubling, rather than in step. */
function spread(attempt: number): Promise<number> {
  return sleep(Math.random() * Math.min(200, 5 * 2 ** attempt));
}

/** Deleted by its last holder since it was read: decide again on nothing. */
function goneAsLostRace(error: unknown): never {
  if (statusCodeOf(error) === 404) throw Object.assign(new Error('lease deleted since read'), { statusCode: 412 });
  throw error;
}

async function deleteUnlessGone(deletion: Promise<unknown>): Promise<void> {
  try {
    await deletion;
  } catch (error) {
    if (statusCodeOf(error) !== 404) throw error;
  }
}

function rowKeyOf(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

function stateOf(row: Row): LeaseState {
  let shared: Record<string, number> = {};
  try {
    const parsed = JSON.parse(String(row.shared ?? '{}')) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) shared = parsed as Record<string, number>;
  } catch {
    // An unreadable list holds nobody: leases run out soon anyway.
  }
  return {
    shared,
    ...(typeof row.exclusiveOwner === 'string' ? { exclusive: { owner: row.exclusiveOwner, expiresAt: Number(row.exclusiveExpiresAt) } } : {}),
    ...(typeof row.waitingOwner === 'string' ? { waiting: { owner: row.waitingOwner, until: Number(row.waitingUntil) } } : {}),
  };
}
