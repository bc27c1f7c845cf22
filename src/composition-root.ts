import { createRequestAuthenticator, type RequestAuthenticator } from './auth/authenticate-request.js';
import { createJoseTokenVerifier } from './identity/jose-token-verifier.js';
import { TableAuditLog } from './storage/table-audit-log.js';
import type { AuditLog } from './ports/audit-log.js';
import { TableRateBudget } from './storage/table-rate-budget.js';
import { familyBudgets, type FamilyBudgets } from './ports/family-budgets.js';
import type { AppConfig } from './config/app-config.js';
import { loadConfig } from './config/load-config.js';
import { createSdkGraphWriter } from './graph/sdk-graph-writer.js';
import type { GraphWriter } from './ports/graph-writer.js';
import { limitGraphWriter } from './graph/limited-graph-writer.js';
import { createBudgetedGraphReader } from './graph/budgeted-graph-reader.js';
import type { GraphReader } from './ports/graph-reader.js';
import { createSdkGraphReader } from './graph/sdk-graph-reader.js';
import { BlobDesiredStateSource } from './storage/blob-desired-state-source.js';
import { BlobDriftReportStore } from './storage/blob-drift-report-store.js';
import type { DesiredStateSource, DriftReportStore, ReconcileQueue, ReconciliationStore } from './ports/reconciliation-ports.js';
import { ConfigError } from './config/config-error.js';
import type { EventRules } from './events/event-rules.js';
import { loadEventRulesSync } from './events/load-event-rules.js';
import type { EventQueue } from './ports/event-queue.js';
import { StorageEventQueue } from './storage/storage-event-queue.js';
import { StorageReconcileQueue } from './storage/storage-reconcile-queue.js';
import { TableReconciliationStore } from './storage/table-reconciliation-store.js';
import { StorageWorkQueue } from './storage/storage-work-queue.js';
import type { WorkQueue } from './ports/work-queue.js';
import { systemClock, type Clock } from './shared/clock.js';
import { sleep } from './shared/sleep.js';
import { TableJobStore } from './storage/table-job-store.js';
import type { JobStore } from './ports/job-store.js';
import type { PolicyLeases } from './ports/policy-leases.js';
import { TablePolicyLeases } from './storage/table-policy-leases.js';
import type { IntakeQueue } from './ports/intake-queue.js';
import type { IntakeStaging } from './ports/intake-staging.js';
import { BlobIntakeStaging } from './storage/blob-intake-staging.js';
import { BlobUploadStore } from './storage/blob-upload-store.js';
import type { UploadStore } from './ports/upload-store.js';
import type { ScanCheckpoints } from './ports/scan-checkpoints.js';
import { BlobScanCheckpoints } from './storage/blob-scan-checkpoints.js';
import { StorageIntakeQueue } from './storage/storage-intake-queue.js';

/** The ports the use cases need, built once per process from validated configuration. */
export interface Services {
  readonly config: AppConfig;
  readonly store: JobStore;
  readonly queue: WorkQueue;
  readonly graph: GraphWriter;
  /** Write budgets (`GRAPH_WRITE_BUDGET`), one per throttling family unless `GRAPH_BUDGET_SCOPE=shared`. */
  readonly budgets: FamilyBudgets;
  /** The read budgets the reader spends (`GRAPH_READ_BUDGET`), per family like the writes. */
  readonly readBudgets: FamilyBudgets;
  /** Reads Graph under its own budgets, shared like the write budgets. */
  readonly reader: GraphReader;
  /** Policy leases shared by every instance: one read-modify-write of a policy's assignments at a time. */
  readonly leases: PolicyLeases;
  readonly runs: ReconciliationStore;
  readonly reports: DriftReportStore;
  readonly desiredState: DesiredStateSource;
  readonly reconcileQueue: ReconcileQueue;
  /** Events whose changes take a Graph scan wait here for the `replace-group` function. */
  readonly eventQueue: EventQueue;
  /** A large job's items, in pages, until its intake steps have written them. */
  readonly staging: IntakeStaging;
  /** Intake steps of large jobs wait here for the `continue-intake` function. */
  readonly intakeQueue: IntakeQueue;
  /** Jobs of up to 100,000 items, delivered in pages until they are submitted. */
  readonly uploads: UploadStore;
  /** How long an upload waits for its submit before it expires (`UPLOAD_EXPIRES_AFTER_SECONDS`). */
  readonly uploadExpiresAfterMs: number;
  /** What an inventory scan larger than one invocation read so far. */
  readonly checkpoints: ScanCheckpoints;
  /** How long one invocation scans the inventory before handing over (`SCAN_SLICE_SECONDS`). */
  readonly scanSliceMs: number;
  /** Rules that turn event types into changes (`EVENT_RULES_PATH`), validated at start-up; none when unset. */
  readonly eventRules: EventRules;
  /** Limits of job intake, for every path that makes jobs (API, events, reconciliation). */
  readonly limits: AppConfig['intake'];
  /** Who changed what, when: every job submitted, canceled, retried or undone and every run started. */
  readonly audit: AuditLog;
  /** Checks each API request's bearer token and role (`AUTH_MODE`); lets everything through with `none`. */
  readonly authenticator: RequestAuthenticator;
  readonly clock: Clock;
  readonly sleep: (ms: number) => Promise<number>;
}

let services: Services | undefined;

/** The one place that reads the environment and picks adapters. */
export function getServices(): Services {
  services ??= composeServices(getConfig());
  return services;
}

let config: AppConfig | undefined;

/**
 * The validated settings alone, without building any adapter: what a trigger file needs at
 * import time to name its queue or schedule.
 */
export function getConfig(): AppConfig {
  if (!config) {
    config = loadConfig(process.env);
    if (config.auth.mode === 'none') announceAnonymousApi();
  }
  return config;
}

/** Said loudly, once per process: with `AUTH_MODE=none` anyone who reaches the API may change assignments. */
function announceAnonymousApi(): void {
  console.warn(
    [
      '*****************************************************************************',
      '* AUTH_MODE=none: the API asks nobody who they are. Anyone who can reach it *',
      '* can submit, cancel and retry jobs. Set AUTH_MODE=entra outside a laptop.  *',
      '*****************************************************************************',
    ].join('\n'),
  );
}

export function composeServices(config: AppConfig): Services {
  const graphClient = {
    baseUrl: config.graph.baseUrl,
    auth: config.graph.auth,
    timeoutMs: config.graph.timeoutMs,
    userAgent: 'bulk-assign/0.1',
  };
  // Every instance opens the same entities: 'graph-writes' when shared, else one per family.
  const entity = (kind: string, key: string) => (key === 'shared' ? kind : `${kind}-${key}`);
  const budgets = familyBudgets(config.budgetScope, (key) =>
    new TableRateBudget(config.storageConnection, config.names.budgetTable, {
      name: entity('graph-writes', key),
      rate: config.writeBudget,
      headroom: config.writeBudgetHeadroom,
      catchUpMs: config.writeBudgetCatchUpMs,
    }),
  );
  const readBudgets = familyBudgets(config.budgetScope, (key) =>
    new TableRateBudget(config.storageConnection, config.names.budgetTable, {
      name: entity('graph-reads', key),
      rate: config.readBudget,
      headroom: config.readBudgetHeadroom,
      catchUpMs: config.readBudgetCatchUpMs,
    }),
  );
  return Object.freeze({
    config,
    store: new TableJobStore(config.storageConnection, config.names.jobsTable),
    queue: new StorageWorkQueue(config.storageConnection, config.names),
    graph: limitGraphWriter(
      createSdkGraphWriter(graphClient),
      config.worker.concurrency,
    ),
    budgets,
    readBudgets,
    reader: createBudgetedGraphReader({ reader: createSdkGraphReader(graphClient), budgets: readBudgets }),
    leases: new TablePolicyLeases(config.storageConnection, config.names.leasesTable),
    runs: new TableReconciliationStore(config.storageConnection, config.names.reconciliationsTable),
    reports: new BlobDriftReportStore(config.storageConnection, config.names.reportsContainer),
    desiredState: new BlobDesiredStateSource(config.storageConnection, config.reconcile.desiredStateContainer),
    reconcileQueue: new StorageReconcileQueue(config.storageConnection, config.names.reconcileQueue),
    eventQueue: new StorageEventQueue(config.storageConnection, config.names.eventsQueue),
    staging: new BlobIntakeStaging(config.storageConnection, config.names.intakeContainer),
    intakeQueue: new StorageIntakeQueue(config.storageConnection, config.names.intakeQueue),
    uploads: new BlobUploadStore(config.storageConnection, config.names.intakeContainer),
    uploadExpiresAfterMs: config.uploads.expiresAfterMs,
    checkpoints: new BlobScanCheckpoints(config.storageConnection, config.names.intakeContainer),
    scanSliceMs: config.reconcile.scanSliceMs,
    limits: config.intake,
    eventRules: eventRules(config.events.rulesPath),
    audit: new TableAuditLog(config.storageConnection, config.names.auditTable),
    authenticator: createRequestAuthenticator(
      config.auth,
      config.auth.mode === 'entra' ? createJoseTokenVerifier(config.auth) : undefined,
    ),
    clock: systemClock,
    sleep,
  });
}

/** A bad rules file stops the app at start-up, naming the file and every mistake, rather than failing events one by one. */
function eventRules(path: string | undefined): EventRules {
  if (path === undefined) return [];
  const loaded = loadEventRulesSync(path);
  if (!loaded.ok) throw new ConfigError([`EVENT_RULES_PATH names an invalid rules file:`, ...loaded.errors]);
  return loaded.rules;
}
