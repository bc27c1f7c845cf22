import { describe, expect, inject, it } from 'vitest';
import { MemoryAuditLog } from '../../src/memory/memory-audit-log.js';
import type { AuditEntry } from '../../src/model/audit-entry.js';
import type { AuditLog } from '../../src/ports/audit-log.js';
import { InvalidPageTokenError } from '../../src/ports/invalid-page-token-error.js';
import { TableAuditLog } from '../../src/storage/table-audit-log.js';
import { uniquePrefix } from '../helpers/unique-prefix.js';

const implementations: Array<[string, () => AuditLog]> = [
  ['in memory', () => new MemoryAuditLog()],
  ['on Table storage (Azurite)', () => new TableAuditLog(inject('storageConnection'), `${uniquePrefix('audit')}audit`)],
];

const alice = { id: 'oid-alice', kind: 'user' as const, name: 'Alice' };
const entry = (at: string, action: AuditEntry['action'], extra: Partial<AuditEntry> = {}): AuditEntry => ({
  at,
  action,
  actor: alice,
  jobId: 'job-1',
  details: {},
  ...extra,
});

describe.each(implementations)('AuditLog %s', (_name, make) => {
  it("lists a job's entries oldest first, each as recorded", async () => {
    const log = make();
    await log.record(entry('2026-12-07T10:00:02.000Z', 'job.canceled', { details: { canceledItems: 3 } }));
    await log.record(entry('2026-12-07T10:00:00.000Z', 'job.submitted', { details: { source: 'api', itemCount: 4 } }), 'submitted');
    await log.record(entry('2026-12-07T10:00:01.000Z', 'job.retried', { actor: null, details: { requeued: 1 } }));
    await log.record(entry('2026-12-07T10:00:00.000Z', 'job.submitted', { jobId: 'job-2' }), 'submitted');
    const page = await log.list({ kind: 'job', id: 'job-1' }, { limit: 10 });
    expect(page.values.map((e) => e.action)).toEqual(['job.submitted', 'job.retried', 'job.canceled']);
    expect(page.values[0]).toEqual(entry('2026-12-07T10:00:00.000Z', 'job.submitted', { details: { source: 'api', itemCount: 4 } }));
    expect(page.values[1]!.actor).toBeNull();
    expect(page.continuationToken).toBeUndefined();
  });

  it('keeps one entry per key, however often it is recorded', async () => {
    const log = make();
    for (let i = 0; i < 3; i++) await log.record(entry('2026-12-07T10:00:00.000Z', 'job.submitted'), 'submitted');
    expect((await log.list({ kind: 'job', id: 'job-1' }, { limit: 10 })).values).toHaveLength(1);
  });

  it("files a run's entries under the run, and pages them", async () => {
    const log = make();
    for (let i = 0; i < 3; i++) {
      await log.record({ at: `2026-12-07T10:00:0${i}.000Z`, action: 'reconciliation.started', actor: alice, reconciliationId: 'run-1', details: { dryRun: true } });
    }
    const first = await log.list({ kind: 'reconciliation', id: 'run-1' }, { limit: 2 });
    expect(first.values).toHaveLength(2);
    expect(first.continuationToken).toEqual(expect.any(String));
    const second = await log.list({ kind: 'reconciliation', id: 'run-1' }, { limit: 2, continuationToken: first.continuationToken! });
    expect(second.values.map((e) => e.at)).toEqual(['2026-12-07T10:00:02.000Z']);
    expect((await log.list({ kind: 'job', id: 'run-1' }, { limit: 10 })).values).toEqual([]);
  });

  it('refuses a continuation token it never issued', async () => {
    const log = make();
    await expect(log.list({ kind: 'job', id: 'job-1' }, { limit: 2, continuationToken: 'garbage' })).rejects.toBeInstanceOf(InvalidPageTokenError);
  });
});
