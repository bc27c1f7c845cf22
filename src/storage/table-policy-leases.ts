import { createHash } from 'node:crypto';
import { decideLeaseAcquire, decideLeaseRelease, type PolicyLease } from '../model/policy-lease.js';
import type { LeaseAttempt, PolicyLeases } from '../ports/policy-leases.js';
import { statusCodeOf } from '../shared/status-code-of.js';
import { openTable, type Row, type StorageTable } from './storage-kit.js';

const PARTITION = 'policy-lease';
/** Another instance changed the entity between this one's read and write this many times in a row: give up. */
const MAX_RACES = 20;

/**
 * PolicyLeases on Table storage: one entity per leased policy, read, decided by the shared pure
 * rule, and written back only if nobody wrote in between (ETag, or create-if-absent). A lost race
 * is decided again on what the winner wrote. Row keys are hashes of the policy key: Graph paths
 * hold '/', which row keys refuse. Times are this instance's clock; hosts kept in step by NTP
 * differ by far less than a lease lasts.
 */
export class TablePolicyLeases implements PolicyLeases {
  private readonly table: StorageTable;

  constructor(connection: string, tableName: string, private readonly clock: () => number = Date.now) {
    this.table = openTable(connection, tableName);
  }

  async acquire(key: string, owner: string, ttlMs: number): Promise<LeaseAttempt> {
    const rowKey = rowKeyOf(key);
    for (let race = 0; ; race++) {
      const row = await this.read(rowKey);
      const decision = decideLeaseAcquire(row && leaseOf(row), owner, this.clock(), ttlMs);
      if (decision.kind === 'held') return decision;
      const entity = { partitionKey: PARTITION, rowKey, key, owner: decision.next.owner, expiresAt: decision.next.expiresAt };
      try {
        if (row) await this.table.client.updateEntity(entity, 'Replace', { etag: row.etag });
        else await this.table.client.createEntity(entity);
        return { kind: 'granted', lease: decision.next };
      } catch (error) {
        const status = statusCodeOf(error);
        if ((status !== 412 && status !== 409 && status !== 404) || race >= MAX_RACES) throw error;
      }
    }
  }

  async release(key: string, owner: string): Promise<void> {
    const rowKey = rowKeyOf(key);
    const row = await this.read(rowKey);
    if (decideLeaseRelease(row && leaseOf(row), owner) !== 'delete' || !row) return;
    try {
      await this.table.client.deleteEntity(PARTITION, rowKey, { etag: row.etag });
    } catch (error) {
      // Gone or taken over since the read: either way it is no longer this owner's to give back.
      if (statusCodeOf(error) !== 404 && statusCodeOf(error) !== 412) throw error;
    }
  }

  private read(rowKey: string): Promise<Row | undefined> {
    return this.table.read(PARTITION, rowKey);
  }
}

function rowKeyOf(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

function leaseOf(row: Row): PolicyLease {
  return { owner: String(row.owner), expiresAt: Number(row.expiresAt) };
}
