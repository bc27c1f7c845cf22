import { TableRateBudget } from './budget/table-rate-budget.js';
import type { RateBudget } from './budget/rate-budget.js';
import type { AppConfig } from './config/app-config.js';
import { loadConfig } from './config/load-config.js';
import { createSdkGraphWriter } from './graph/sdk-graph-writer.js';
import type { GraphWriter } from './graph/graph-writer.js';
import { limitGraphWriter } from './graph/limited-graph-writer.js';
import { StorageWorkQueue } from './queue/storage-work-queue.js';
import type { WorkQueue } from './queue/work-queue.js';
import { systemClock, type Clock } from './shared/clock.js';
import { sleep } from './shared/sleep.js';
import { TableJobStore } from './store/table-job-store.js';
import type { JobStore } from './store/job-store.js';

/** The ports the use cases need, built once per process from validated configuration. */
export interface Services {
  readonly config: AppConfig;
  readonly store: JobStore;
  readonly queue: WorkQueue;
  readonly graph: GraphWriter;
  readonly budget: RateBudget;
  readonly clock: Clock;
  readonly sleep: (ms: number) => Promise<number>;
}

let services: Services | undefined;

/** The one place that reads the environment and picks adapters. */
export function getServices(): Services {
  services ??= composeServices(loadConfig(process.env));
  return services;
}

export function composeServices(config: AppConfig): Services {
  return Object.freeze({
    config,
    store: new TableJobStore(config.storageConnection, config.names.jobsTable),
    queue: new StorageWorkQueue(config.storageConnection, config.names),
    graph: limitGraphWriter(
      createSdkGraphWriter({
        baseUrl: config.graph.baseUrl,
        auth: config.graph.auth,
        timeoutMs: config.graph.timeoutMs,
        userAgent: 'bulk-assign/0.1',
      }),
      config.worker.concurrency,
    ),
    budget: new TableRateBudget(config.storageConnection, config.names.budgetTable, {
      rate: config.writeBudget,
      headroom: config.writeBudgetHeadroom,
      catchUpMs: config.writeBudgetCatchUpMs,
    }),
    clock: systemClock,
    sleep,
  });
}
