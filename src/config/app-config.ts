import type { BudgetScope } from '../catalog/throttle-families.js';
import type { Rate } from '../model/rate.js';
import type { AuthSettings } from './auth-settings.js';

/** Everything the application reads from its environment, parsed and validated once. */
export interface AppConfig {
  /** Storage account connection string (`AzureWebJobsStorage`), development storage expanded. */
  readonly storageConnection: string;
  readonly graph: {
    /** Graph root without version, e.g. `https://graph.microsoft.com` (`GRAPH_BASE_URL`). */
    readonly baseUrl: string;
    /** How tokens are obtained (`GRAPH_AUTH` and its companions). */
    readonly auth: GraphAuth;
    /** Per-call timeout (`GRAPH_TIMEOUT_SECONDS`). @default 30 s */
    readonly timeoutMs: number;
  };
  /**
   * Whether `writeBudget` and `readBudget` apply to each Intune throttling family on its own
   * (`family`) or to all of them together (`shared`) (`GRAPH_BUDGET_SCOPE`). @default 'family'
   */
  readonly budgetScope: BudgetScope;
  /** Writes allowed per window for this app (`GRAPH_WRITE_BUDGET`). @default 100/20s */
  readonly writeBudget: Rate;
  /** Reads allowed per window for this app (`GRAPH_READ_BUDGET`); Intune allows 1,000 per 20 s. @default 1000/20s */
  readonly readBudget: Rate;
  /** The read budget's unused share, from the same jitter over the read budget's own window. */
  readonly readBudgetHeadroom: number;
  /**
   * Fraction of the budget left unused so that writes leaving up to `GRAPH_BUDGET_JITTER_MS`
   * (default 500 ms) late still never put more than the budget in one of Graph's windows:
   * jitter / (window + jitter), 2.4 % for a 20 s window.
   */
  readonly writeBudgetHeadroom: number;
  /** Half that jitter: how late a write may take a slot nobody took in time. */
  readonly writeBudgetCatchUpMs: number;
  /** The same for the read budget: reads leave late by the same jitter as writes. */
  readonly readBudgetCatchUpMs: number;
  /** Names of queues and tables, all derived from `BULK_ASSIGN_NAME_PREFIX`. */
  readonly names: StorageNames;
  readonly worker: {
    /** Graph calls an item may take before it is failed (`ITEM_MAX_ATTEMPTS`). @default 6 */
    readonly maxAttempts: number;
    /** Graph calls in flight per instance (`WORKER_CONCURRENCY`). @default 16 */
    readonly concurrency: number;
    /** How long a claimed item is reserved for the worker applying it: timeout plus margin. */
    readonly leaseMs: number;
    /** How long a policy's lease lasts (one read and one write of its assignments): twice the timeout plus margin. */
    readonly policyLeaseMs: number;
    /** How long one write may take (`GRAPH_TIMEOUT_SECONDS`): a write is only sent while the policy's lease outlasts it. */
    readonly writeTimeoutMs: number;
    /**
     * How late after its slot was granted a write may still leave: half of
     * `GRAPH_BUDGET_JITTER_MS`, the other half going to slots taken late (catch-up). The headroom
     * covers writes that late, so a later one would risk overfilling a window.
     */
    readonly sendLateLimitMs: number;
  };
  readonly intake: {
    /** Jobs up to this many items default to the interactive lane (`INTERACTIVE_MAX_ITEMS`). @default 20 */
    readonly interactiveMaxItems: number;
    /** Largest accepted request body (`MAX_REQUEST_BYTES`). @default 16 MiB */
    readonly maxRequestBytes: number;
    /** Items per job. @default 10000 */
    readonly maxItems: number;
    /**
     * Items one intake step of a large job writes and queues (`INTAKE_PAGE_ITEMS`); jobs of more
     * than `INLINE_INTAKE_ITEMS` (100) items are taken in by such steps. @default 1000
     */
    readonly intakePageItems: number;
    /** Items a plan (`dryRun`) or a no-op-skipping submission may hold: each needs Graph reads (`PLAN_MAX_ITEMS`). @default 1000 */
    readonly planMaxItems: number;
  };
  readonly events: {
    /** JSON file of rules that turn event types into assignment changes (`EVENT_RULES_PATH`); none when unset. */
    readonly rulesPath: string | undefined;
  };
  /** Who may call the HTTP API (`AUTH_MODE`, `AUTH_TENANT_ID`, `AUTH_AUDIENCE`, `AUTH_OPENID_CONFIG_URL`). @default none */
  readonly auth: AuthSettings;
  readonly sweep: {
    /** NCRONTAB schedule of the stalled-item sweeper (`SWEEP_SCHEDULE`). @default '0 * * * * *' (every minute) */
    readonly schedule: string;
    /**
     * How long an item must stay untouched past its lease, its retry time and its job's turns
     * before the sweeper drives it again (`SWEEP_STALE_AFTER_SECONDS`, at least the longest hold plus
     * 10 s). @default twice the longest hold (a policy lease) plus a minute: 190 s with the default Graph timeout
     */
    readonly staleAfterMs: number;
  };
  readonly uploads: {
    /**
     * How long an upload may wait for its submit; after it the upload has expired and its pages
     * are removed (`UPLOAD_EXPIRES_AFTER_SECONDS`, 1 s to 30 days). @default 86400 (24 hours)
     */
    readonly expiresAfterMs: number;
    /** NCRONTAB schedule of the sweeper of expired uploads (`UPLOAD_SWEEP_SCHEDULE`). @default '0 0 * * * *' (hourly) */
    readonly sweepSchedule: string;
  };
  readonly reconcile: {
    /** NCRONTAB schedule of the nightly reconciliation (`RECONCILE_SCHEDULE`). @default '0 0 2 * * *' (02:00 UTC) */
    readonly schedule: string;
    /** Blob container holding the desired-state documents (`DESIRED_STATE_CONTAINER`). @default '<prefix>-desired-state' */
    readonly desiredStateContainer: string;
    /**
     * How long one invocation reads the inventory (a reconciliation's or a group replacement's)
     * before it saves what it read and hands over to the next, well inside `functionTimeout` (5
     * minutes) (`SCAN_SLICE_SECONDS`). @default 240 s
     */
    readonly scanSliceMs: number;
  };
}

export interface StorageNames {
  readonly interactiveQueue: string;
  readonly bulkQueue: string;
  readonly jobsTable: string;
  /** Holds the entities through which every instance shares the Graph write and read budgets. */
  readonly budgetTable: string;
  /** Holds the policy leases: at most one read-modify-write of a policy's assignments at a time. */
  readonly leasesTable: string;
  /** Queue of events whose changes are found by reading Graph (GroupReplaced), read off the delivery. */
  readonly eventsQueue: string;
  /** Queue of reconciliation runs waiting to be carried out. */
  readonly reconcileQueue: string;
  /** Table of reconciliation runs and their summaries. */
  readonly reconciliationsTable: string;
  /** Blob container of drift reports, one JSON document per reconciliation. */
  readonly reportsContainer: string;
  /** Table of the audit trail: who changed what, when. */
  readonly auditTable: string;
  /** Queue of intake steps: jobs whose items are being written and queued a page at a time. */
  readonly intakeQueue: string;
  /** Blob container where a job's items wait, in pages, for their intake step. */
  readonly intakeContainer: string;
}

/** Queue names of both lanes, and the poison queues the Functions host derives from them. */
export function poisonQueueName(queue: string): string {
  return `${queue}-poison`;
}

/**
 * How the service proves itself to Graph. Parsed from configuration once; never read from the
 * environment here.
 */
export type GraphAuth =
  /** The Function App's managed identity; `clientId` picks a user-assigned one. */
  | { mode: 'managed-identity'; clientId?: string }
  /** An app registration with a secret (for running outside Azure against a real tenant). */
  | { mode: 'client-secret'; tenantId: string; clientId: string; clientSecret: string }
  /** `DefaultAzureCredential`: developer sign-in (Azure CLI, VS Code, environment variables). */
  | { mode: 'default-credential' }
  /** A fixed bearer token, for the local Graph simulator only. */
  | { mode: 'static-token'; token: string };

