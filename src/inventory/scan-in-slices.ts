import type { PolicyKind } from '../catalog/catalog-endpoints.js';
import type { GraphReader } from '../ports/graph-reader.js';
import type { ScanCheckpoints } from '../ports/scan-checkpoints.js';
import type { Clock } from '../shared/clock.js';
import { POLICY_KINDS } from './policy-collections.js';
import { listPolicies, scanPolicies, type AssignmentScan, type ScannedPolicy } from './scan-assignments.js';

export interface ScanInSlicesDeps {
  readonly reader: GraphReader;
  readonly checkpoints: ScanCheckpoints;
  readonly clock: Clock;
  /** How long one invocation may scan before it saves what it read and hands over to the next. */
  readonly scanSliceMs: number;
}

/** What a scan read so far: the kind it is at, that kind's policies and the next to read, and everything found. */
interface ScanCheckpoint extends AssignmentScan {
  readonly v: 1;
  readonly kindIndex: number;
  readonly listed: readonly ScannedPolicy[] | undefined;
  readonly next: number;
  readonly done: boolean;
}

/** Policies read between two looks at the clock: a few seconds' worth at the read budget's pace. */
const CHUNK = 32;

/**
 * Reads every assignment of the catalog's policy kinds like `scanAssignments`, but stops when
 * `scanSliceMs` is spent: it then saves what it read under `key` and answers `undefined`, and the
 * caller queues its own message again; the next invocation goes on from there. An inventory
 * larger than one invocation can read (Azure ends a function after `functionTimeout`) is so read
 * across several. A scan that fits in one invocation saves nothing. The caller deletes the
 * checkpoint once it has used the scan.
 *
 * Throws `GraphReadError` as `scanAssignments` does; what was saved stays, so a retry goes on.
 */
export async function scanInSlices(deps: ScanInSlicesDeps, key: string): Promise<AssignmentScan | undefined> {
  const deadline = deps.clock().getTime() + deps.scanSliceMs;
  const saved = await deps.checkpoints.load<ScanCheckpoint>(key);
  let at: ScanCheckpoint = saved ?? { v: 1, kindIndex: 0, listed: undefined, next: 0, done: false, policies: [], assignments: [], unaddressable: [] };
  // Each invocation reads at least one chunk, so a scan always moves on, however short the slice.
  let progressed = false;
  const outOfTime = () => progressed && deps.clock().getTime() >= deadline;
  while (!at.done) {
    const kind = POLICY_KINDS[at.kindIndex] as PolicyKind | undefined;
    if (kind === undefined) {
      at = { ...at, done: true };
      break;
    }
    if (!at.listed) {
      const listed = await listPolicies(deps.reader, kind);
      at = { ...at, listed: listed.policies, next: 0, policies: [...at.policies, ...listed.policies], unaddressable: [...at.unaddressable, ...listed.unaddressable] };
    }
    const listed = at.listed ?? [];
    while (at.next < listed.length) {
      if (outOfTime()) {
        await deps.checkpoints.save(key, at);
        return undefined;
      }
      const chunk = listed.slice(at.next, at.next + CHUNK);
      const scanned = await scanPolicies(deps.reader, kind, chunk);
      at = { ...at, next: at.next + chunk.length, assignments: [...at.assignments, ...scanned.assignments], unaddressable: [...at.unaddressable, ...scanned.unaddressable] };
      progressed = true;
    }
    at = { ...at, kindIndex: at.kindIndex + 1, listed: undefined, next: 0 };
  }
  // A scan spread over invocations keeps its result until the caller has used it: a caller that
  // dies before then finds it done instead of reading everything again.
  if (saved) await deps.checkpoints.save(key, at);
  return { policies: at.policies, assignments: at.assignments, unaddressable: at.unaddressable };
}
