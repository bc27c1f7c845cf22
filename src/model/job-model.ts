import type { IntakeState } from './intake-state.js';

/** Graph's two API versions. */
export const API_VERSIONS = ['v1.0', 'beta'] as const;
export type ApiVersion = (typeof API_VERSIONS)[number];

import type { Caller } from './caller.js';

export const ITEM_STATUSES = ['queued', 'retrying', 'succeeded', 'failed', 'canceled'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];
export const TERMINAL_ITEM_STATUSES: ReadonlySet<ItemStatus> = new Set(['succeeded', 'failed', 'canceled']);

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'partiallySucceeded' | 'failed' | 'canceled';
export type Lane = 'interactive' | 'bulk';
export type JobSource = 'api' | 'event' | 'reconcile' | 'undo';

/** What an assignment-set item does to its policy's set of assignments. */
export const SET_ACTIONS = ['add', 'remove'] as const;
export type SetAction = (typeof SET_ACTIONS)[number];
/** How an item is written: its own PATCH, or its policy's `/assign` (the whole set, read and rewritten). */
export type WriteRoute = 'patch' | 'assign';
/** An assignment as Graph holds it; `null` where the item's record means "absent". */
export type AssignmentState = Readonly<Record<string, unknown>>;

/** What started a job that no caller submitted by hand: an event or a reconciliation run. */
export interface JobOrigin {
  /** The event's `id`, with its `source` and `type`, for jobs with source `event`. */
  readonly eventId?: string;
  readonly eventSource?: string;
  readonly eventType?: string;
  /** The rule that turned the event into changes; absent for built-in event types. */
  readonly ruleName?: string;
  /** The run that found the drift, for jobs with source `reconcile`. */
  readonly reconciliationId?: string;
  /** The job an undo job puts back, for jobs with source `undo`. */
  readonly jobId?: string;
}

export interface JobCounts {
  readonly total: number;
  readonly queued: number;
  readonly retrying: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly canceled: number;
}

export interface Job {
  readonly jobId: string;
  readonly label: string | undefined;
  readonly source: JobSource;
  readonly priority: Lane;
  readonly status: JobStatus;
  readonly counts: JobCounts;
  readonly createdAt: string;
  readonly completedAt: string | undefined;
  /** Set by a cancel request; workers stop applying this job's items. */
  readonly cancelRequested: boolean;
  /**
   * False until every item is written and its message enqueued. A job is visible (with exact
   * counts) from the start of its intake; `intake` says how far it has got.
   */
  readonly intakeComplete: boolean;
  /** Progress of the intake; absent on jobs recorded whole before intake steps existed. */
  readonly intake?: IntakeState;
  /**
   * End of the waiting-room turns booked for this job's bulk messages (ISO time), per budget
   * (a throttling family's name, or `shared`). A cancel hands the unused turns back, so the
   * next bulk job need not wait them out.
   */
  readonly turnsEndAt?: Readonly<Record<string, string>>;
  readonly origin?: JobOrigin;
  /** Who submitted it, as their token said; absent when nobody was asked (AUTH_MODE=none, Event Grid, the timer). */
  readonly submittedBy?: Caller;
  /** Hash of the canonical submission, compared when an Idempotency-Key is reused. */
  readonly requestHash: string;
}

/** The last Graph call made for an item. */
export interface AttemptRecord {
  readonly httpStatus: number | undefined;
  readonly graphRequestId: string | undefined;
  readonly clientRequestId: string | undefined;
  readonly errorCode: string | undefined;
  readonly errorMessage: string | undefined;
  readonly durationMs: number | undefined;
}

export interface Item extends AttemptRecord {
  readonly jobId: string;
  readonly index: number;
  readonly ref: string | undefined;
  readonly endpointId: string;
  readonly apiVersion: ApiVersion;
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  /** A PATCH item's body; an assignment-set item's `{target, intent?}`. */
  readonly body: Readonly<Record<string, unknown>>;
  /** `add` or `remove` for an assignment-set item (its `path` is the policy's); undefined for a PATCH item. */
  readonly action?: SetAction;
  /**
   * How the item is written: `assign` for assignment-set items, and for PATCH items that Graph
   * had no route for; a PATCH item is otherwise written by its own PATCH (absent means `patch`).
   */
  readonly via?: WriteRoute;
  /**
   * For undo items: the assignment must still be as the undone item left it (null: absent), or
   * the item fails `changedSince` and nothing is written for it.
   */
  readonly expect?: { readonly assignment: AssignmentState | null };
  /** The assignment before and after the item, from Graph's answers (null: absent); set once applied. */
  readonly before?: AssignmentState | null;
  readonly after?: AssignmentState | null;
  /** True when the item found Graph already as it asked, and nothing was written for it. */
  readonly noop?: boolean;
  readonly status: ItemStatus;
  /** Graph calls made for this item so far, across retries and re-queues. */
  readonly attempts: number;
  /**
   * Token of the one queue message allowed to act on this item. Any other message for the item
   * (a duplicate delivery, a superseded retry) is dropped when it arrives.
   */
  readonly token: string;
  /** While in the future, a worker holds the item: its Graph call may be in flight. */
  readonly leaseUntil: string | undefined;
  readonly nextAttemptAt: string | undefined;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly completedAt: string | undefined;
}

/** Fields a state change may set on an item. */
export type ItemChange = Partial<
  Omit<Item, 'jobId' | 'index' | 'ref' | 'endpointId' | 'apiVersion' | 'path' | 'params' | 'body' | 'action' | 'expect' | 'createdAt'>
>;

export function isTerminal(status: ItemStatus): boolean {
  return TERMINAL_ITEM_STATUSES.has(status);
}

/**
 * Decides how an item changes; called again with fresh data when a concurrent writer got there
 * first. It may read the job's own fields (cancelRequested), not its counts, which a store need not load.
 */
export type ItemMutation = (item: Item, job: Job) => ItemChange | undefined;
