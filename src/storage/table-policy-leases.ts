import { createHash } from 'node:crypto';
import { decideLeaseAcquire, decideLeaseRelease, type LeaseMode, type LeaseState } from '../model/policy-lease.js';
import type { LeaseAttempt, PolicyLeases } from '../ports/policy-leases.js';
import { sleep } from '../shared/sleep.js';
import { statusCodeOf } from '../shared/status-code-of.js';
import { openTable, retryLostRaces, type Row, type StorageTable } from './storage-kit.js';

const PARTITION = 'policy-lease';
/** Another instance changed the gate between this one's read and write this many times in a row: give up. */
const MAX_ATTEMPTS = 20;

/**
 * PolicyLeases on Table storage, decided by the pure rule the in-memory adapter uses. Each leased
 * policy has a gate entity (its exclusive holder and a waiting read-modify-write) and one entity
 * per shared holder, so that PATCHes of one policy never write the same entity: with one entity
 * for everything, dozens of PATCHes of one policy lost race after race on its ETag and took
 * seconds each to get in.
 *
 * A shared holder writes its own entity first and reads the gate after; an exclusive holder
 * writes the gate first and lists the shared holders after. Table storage is strongly
 * consistent, so of a PATCH and a read-modify-write that ask at once, at least one sees the
 * other and steps back: both may, neither can miss the other. Row keys are hashes of the policy
 * key (Graph paths hold '/', which row keys refuse). Times are this instance's clock; hosts kept
 * in step by NTP differ by far less than a lease lasts.
 */
export class TablePolicyLeases implements PolicyLeases {
  private readonly table: StorageTable;

  constructor(connection: string, tableName: string, private readonly clock: () => number = Date.now) {
    this.table = openTable(connection, tableName);
  }

  async acquire(key: string, owner: string, ttlMs: number, mode: LeaseMode): Promise<LeaseAttempt> {
    return mode === 'shared' ? this.acquireShared(key, owner, ttlMs) : this.acquireExclusive(key, owner, ttlMs);
  }

  async release(key: string, owner: string): Promise<void> {
    await this.table.ready();
    // Owners are fresh per attempt: one that held a shared lease held nothing else.
    if (await deleted(this.table.client.deleteEntity(PARTITION, holderRowKey(key, owner)))) return;
    const gateKey = gateRowKey(key);
    await retryLostRaces(`the lease of ${key}`, MAX_ATTEMPTS, async () => {
      const gate = await this.table.read(PARTITION, gateKey);
      if (!gate) return;
      const { changed, next } = decideLeaseRelease(gateStateOf(gate), owner, this.clock());
      if (!changed) return;
      if (next) await this.writeGate(key, gate, next);
      else await deleted(this.table.client.deleteEntity(PARTITION, gateKey, { etag: gate.etag }));
    }, spread);
  }

  /** Writes its own holder entity, then looks at the gate: a read-modify-write holding or waiting sends it away. */
  private async acquireShared(key: string, owner: string, ttlMs: number): Promise<LeaseAttempt> {
    await this.table.ready();
    const now = this.clock();
    const rowKey = holderRowKey(key, owner);
    await this.table.client.upsertEntity({ partitionKey: PARTITION, rowKey, key, owner, expiresAt: now + ttlMs }, 'Replace');
    const gate = await this.table.read(PARTITION, gateRowKey(key));
    const decision = decideLeaseAcquire(gate && gateStateOf(gate), { owner, mode: 'shared' }, now, ttlMs);
    if (decision.kind === 'granted') return { kind: 'granted', lease: decision.lease };
    await deleted(this.table.client.deleteEntity(PARTITION, rowKey));
    return { kind: 'held', retryInMs: decision.retryInMs };
  }

  /**
   * Decides on the gate and the shared holders, writes the gate (ETag), then lists the shared
   * holders again: one that wrote its entity before the gate changed may have read the gate
   * before too, and holds. Then this owner steps back and waits instead.
   */
  private async acquireExclusive(key: string, owner: string, ttlMs: number): Promise<LeaseAttempt> {
    return retryLostRaces(`the lease of ${key}`, MAX_ATTEMPTS, async () => {
      const now = this.clock();
      const [gate, shared] = await Promise.all([this.table.read(PARTITION, gateRowKey(key)), this.sharedHolders(key, now)]);
      const decision = decideLeaseAcquire({ ...(gate ? gateStateOf(gate) : {}), shared }, { owner, mode: 'exclusive' }, now, ttlMs);
      if (decision.kind === 'held') {
        if (decision.next) await this.writeGate(key, gate, decision.next);
        return { kind: 'held', retryInMs: decision.retryInMs };
      }
      const written = await this.writeGate(key, gate, decision.next);
      const arrived = await this.sharedHolders(key, now);
      if (Object.keys(arrived).length === 0) return { kind: 'granted', lease: decision.lease };
      const stepBack = decideLeaseAcquire({ shared: arrived }, { owner, mode: 'exclusive' }, now, ttlMs);
      if (stepBack.kind === 'granted') throw new Error('a lease with shared holders was granted exclusively');
      await this.writeGate(key, written, stepBack.next ?? { shared: {} });
      return { kind: 'held', retryInMs: stepBack.retryInMs };
    }, spread);
  }

  /** The shared holders whose leases still run (ms epoch by owner); entities of holders that died go. */
  protected async sharedHolders(key: string, now: number): Promise<Record<string, number>> {
    await this.table.ready();
    const prefix = holderRowKey(key, '');
    const live: Record<string, number> = {};
    const rows = this.table.client.listEntities<Record<string, unknown>>({
      queryOptions: { filter: `PartitionKey eq '${PARTITION}' and RowKey gt '${prefix}' and RowKey lt '${prefix}~'` },
    });
    for await (const row of rows) {
      const expiresAt = Number(row.expiresAt);
      if (expiresAt > now) live[String(row.owner)] = expiresAt;
      else void deleted(this.table.client.deleteEntity(PARTITION, String(row.rowKey), { etag: row.etag })).catch(() => undefined);
    }
    return live;
  }

  /** Replaces the gate read (ETag), or creates it when there was none; returns what to compare against next. */
  private async writeGate(key: string, gate: Row | undefined, state: LeaseState): Promise<Row> {
    const entity = {
      partitionKey: PARTITION,
      rowKey: gateRowKey(key),
      key,
      ...(state.exclusive ? { exclusiveOwner: state.exclusive.owner, exclusiveExpiresAt: state.exclusive.expiresAt } : {}),
      ...(state.waiting ? { waitingOwner: state.waiting.owner, waitingUntil: state.waiting.until } : {}),
    };
    const response = !gate
      ? await this.table.client.createEntity(entity)
      : await this.table.client.updateEntity(entity, 'Replace', { etag: gate.etag }).catch(goneAsLostRace);
    return { ...entity, etag: response.etag ?? '' } as Row;
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

/** Whether the deletion removed something; an entity already gone is no error. */
async function deleted(deletion: Promise<unknown>): Promise<boolean> {
  try {
    await deletion;
    return true;
  } catch (error) {
    if (statusCodeOf(error) === 404) return false;
    throw error;
  }
}

function gateRowKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** Holder entities sort right after their gate: `{gate}.shared.{owner}`, the owner escaped of what row keys refuse. */
function holderRowKey(key: string, owner: string): string {
  return `${gateRowKey(key)}.shared.${encodeURIComponent(owner)}`;
}

/** The gate as the rule reads it; shared holders are entities of their own. */
function gateStateOf(row: Row): LeaseState {
  return {
    shared: {},
    ...(typeof row.exclusiveOwner === 'string' ? { exclusive: { owner: row.exclusiveOwner, expiresAt: Number(row.exclusiveExpiresAt) } } : {}),
    ...(typeof row.waitingOwner === 'string' ? { waiting: { owner: row.waitingOwner, until: Number(row.waitingUntil) } } : {}),
  };
}
