import type { AppConfig, GraphAuth } from './app-config.js';
import { DEFAULT_SUBMISSION_LIMITS } from '../catalog/submission-limits.js';
import { ConfigError } from './config-error.js';
import { parseAuthSettings } from './parse-auth-settings.js';
import { parseRate } from '../model/rate.js';
import { BUDGET_SCOPES, type BudgetScope } from '../catalog/throttle-families.js';
import { normalizeStorageConnection } from './storage-connection.js';
import { NAME_PREFIX, storageNames } from './storage-names.js';

type Env = Readonly<Record<string, string | undefined>>;

const GRAPH_AUTH_MODES = ['managed-identity', 'client-secret', 'default-credential', 'static-token'] as const;

/**
 * Reads and validates every setting once. Collects all problems before failing, so a bad
 * deployment is fixed in one round; messages name the setting and the value's shape, never a
 * secret's value.
 */
export function loadConfig(env: Env): AppConfig {
  const problems: string[] = [];
  const text = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === '' ? undefined : value;
  };
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = text(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max}, got '${raw}'`);
      return fallback;
    }
    return value;
  };

  const storage = text('AzureWebJobsStorage');
  if (!storage) problems.push('AzureWebJobsStorage is required (a storage connection string, or UseDevelopmentStorage=true)');

  const baseUrl = (text('GRAPH_BASE_URL') ?? 'https://graph.microsoft.com').replace(/\/+$/, '');
  if (!/^https?:\/\/[^/?#]+$/i.test(baseUrl)) {
    problems.push(`GRAPH_BASE_URL must be an origin such as https://graph.microsoft.com, got '${baseUrl}'`);
  }

  const auth = graphAuth(text, problems);
  const callers = parseAuthSettings(text, problems);

  const budgetText = text('GRAPH_WRITE_BUDGET') ?? '100/20s';
  const writeBudget = parseRate(budgetText);
  if (!writeBudget) problems.push(`GRAPH_WRITE_BUDGET must look like '100/20s', got '${budgetText}'`);

  const budgetScope = (text('GRAPH_BUDGET_SCOPE') ?? 'family') as BudgetScope;
  if (!BUDGET_SCOPES.includes(budgetScope)) {
    problems.push(`GRAPH_BUDGET_SCOPE must be one of ${BUDGET_SCOPES.join(', ')}, got '${budgetScope}'`);
  }

  const readBudgetText = text('GRAPH_READ_BUDGET') ?? '1000/20s';
  const readBudget = parseRate(readBudgetText);
  if (!readBudget) problems.push(`GRAPH_READ_BUDGET must look like '1000/20s', got '${readBudgetText}'`);

  const prefix = text('BULK_ASSIGN_NAME_PREFIX') ?? 'bulkassign';
  if (!NAME_PREFIX.test(prefix)) {
    problems.push(`BULK_ASSIGN_NAME_PREFIX must be 3-30 lower-case letters and digits, starting with a letter, got '${prefix}'`);
  }

  // Checked in full by the host when it indexes the timer; here only its shape, so a typo fails at start.
  const reconcileSchedule = text('RECONCILE_SCHEDULE') ?? '0 0 2 * * *';
  if (!/^\S+( \S+){5}$/.test(reconcileSchedule)) {
    problems.push(`RECONCILE_SCHEDULE must be an NCRONTAB expression of six fields such as '0 0 2 * * *', got '${reconcileSchedule}'`);
  }
  const sweepSchedule = text('SWEEP_SCHEDULE') ?? '0 * * * * *';
  if (!/^\S+( \S+){5}$/.test(sweepSchedule)) {
    problems.push(`SWEEP_SCHEDULE must be an NCRONTAB expression of six fields such as '0 * * * * *', got '${sweepSchedule}'`);
  }
  const uploadSweepSchedule = text('UPLOAD_SWEEP_SCHEDULE') ?? '0 0 * * * *';
  if (!/^\S+( \S+){5}$/.test(uploadSweepSchedule)) {
    problems.push(`UPLOAD_SWEEP_SCHEDULE must be an NCRONTAB expression of six fields such as '0 0 * * * *', got '${uploadSweepSchedule}'`);
  }
  const desiredStateContainer = text('DESIRED_STATE_CONTAINER');
  if (desiredStateContainer !== undefined && !/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/.test(desiredStateContainer)) {
    problems.push(`DESIRED_STATE_CONTAINER must be a blob container name (3-63 lower-case letters, digits and single hyphens), got '${desiredStateContainer}'`);
  }

  const timeoutMs = integer('GRAPH_TIMEOUT_SECONDS', 30, 1, 300) * 1000;
  const jitterMs = integer('GRAPH_BUDGET_JITTER_MS', 500, 0, 60_000);
  const windowMs = writeBudget?.windowMs ?? 20_000;
  if (jitterMs >= windowMs) problems.push(`GRAPH_BUDGET_JITTER_MS must be shorter than the budget's window (${windowMs} ms), got ${jitterMs}`);
  // A claimed item stays reserved for longer than one Graph call can take, so a duplicate
  // delivery never races the call in flight; a crashed worker's claim expires soon after.
  const leaseMs = timeoutMs + 5_000;
  // A policy stays leased through one read of its assignments and one write, each bounded
  // by the Graph timeout; a worker that died holding it is replaced soon after.
  const policyLeaseMs = 2 * timeoutMs + 5_000;
  // Past its lease and every time it was due, an item a message still exists for is touched
  // again within a hold (a redelivery after a failed invocation, a deferred duplicate, a return
  // from the waiting room, a wait for its policy's lease); twice the longest hold and a minute
  // leaves room for a host restart.
  const holdSeconds = Math.max(leaseMs, policyLeaseMs) / 1000;
  const staleAfterMs = integer('SWEEP_STALE_AFTER_SECONDS', 2 * holdSeconds + 60, holdSeconds + 10, 7 * 24 * 3600) * 1000;
  const config: AppConfig = {
    storageConnection: storage ? normalizeStorageConnection(storage) : '',
    graph: { baseUrl, auth, timeoutMs },
    budgetScope,
    writeBudget: writeBudget ?? { count: 100, windowMs: 20_000 },
    readBudget: readBudget ?? { count: 1000, windowMs: 20_000 },
    readBudgetHeadroom: headroom(jitterMs, readBudget?.windowMs ?? 20_000),
    writeBudgetHeadroom: headroom(jitterMs, windowMs),
    writeBudgetCatchUpMs: jitterMs / 2,
    readBudgetCatchUpMs: jitterMs / 2,
    names: storageNames(prefix),
    worker: {
      maxAttempts: integer('ITEM_MAX_ATTEMPTS', 6, 1, 50),
      concurrency: integer('WORKER_CONCURRENCY', 16, 1, 256),
      leaseMs,
      policyLeaseMs,
      writeTimeoutMs: timeoutMs,
      // The other half of the jitter goes to catching up slots nobody took (writeBudgetCatchUpMs).
      sendLateLimitMs: jitterMs / 2,
    },
    intake: {
      interactiveMaxItems: integer('INTERACTIVE_MAX_ITEMS', 20, 0, DEFAULT_SUBMISSION_LIMITS.maxItems),
      maxRequestBytes: integer('MAX_REQUEST_BYTES', 16 * 1024 * 1024, 1024, 100 * 1024 * 1024),
      maxItems: DEFAULT_SUBMISSION_LIMITS.maxItems,
      planMaxItems: integer('PLAN_MAX_ITEMS', 1000, 1, DEFAULT_SUBMISSION_LIMITS.maxItems),
      intakePageItems: integer('INTAKE_PAGE_ITEMS', 1000, 10, 5000),
    },
    events: { rulesPath: text('EVENT_RULES_PATH') },
    auth: callers,
    sweep: { schedule: sweepSchedule, staleAfterMs },
    // An upload is sent in minutes; a day leaves room for one sent by hand, or resumed the next morning.
    uploads: { expiresAfterMs: integer('UPLOAD_EXPIRES_AFTER_SECONDS', 24 * 3600, 1, 30 * 24 * 3600) * 1000, sweepSchedule: uploadSweepSchedule },
    reconcile: {
      schedule: reconcileSchedule,
      desiredStateContainer: desiredStateContainer ?? `${prefix}-desired-state`,
      scanSliceMs: integer('SCAN_SLICE_SECONDS', 240, 1, 280) * 1000,
    },
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return deepFreeze(config);
}

/** The share of a budget left unused so writes up to `jitterMs` late never overfill one of its windows. */
function headroom(jitterMs: number, windowMs: number): number {
  return Math.min(0.5, jitterMs / (windowMs + jitterMs));
}

function graphAuth(text: (name: string) => string | undefined, problems: string[]): GraphAuth {
  const mode = text('GRAPH_AUTH') ?? 'managed-identity';
  switch (mode) {
    case 'managed-identity': {
      const clientId = text('AZURE_CLIENT_ID');
      return clientId ? { mode, clientId } : { mode };
    }
    case 'client-secret': {
      const tenantId = text('AZURE_TENANT_ID');
      const clientId = text('AZURE_CLIENT_ID');
      const clientSecret = text('AZURE_CLIENT_SECRET');
      for (const [name, value] of [['AZURE_TENANT_ID', tenantId], ['AZURE_CLIENT_ID', clientId], ['AZURE_CLIENT_SECRET', clientSecret]]) {
        if (!value) problems.push(`${name} is required when GRAPH_AUTH is client-secret`);
      }
      return { mode, tenantId: tenantId ?? '', clientId: clientId ?? '', clientSecret: clientSecret ?? '' };
    }
    case 'default-credential':
      return { mode };
    case 'static-token': {
      const token = text('GRAPH_STATIC_TOKEN');
      if (!token) problems.push('GRAPH_STATIC_TOKEN is required when GRAPH_AUTH is static-token');
      return { mode, token: token ?? '' };
    }
    default:
      problems.push(`GRAPH_AUTH must be one of ${GRAPH_AUTH_MODES.join(', ')}, got '${mode}'`);
      return { mode: 'managed-identity' };
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
