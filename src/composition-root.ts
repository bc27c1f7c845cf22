import type { AppConfig } from './config/app-config.js';
import { loadConfig } from './config/load-config.js';
import { createSdkGraphWriter } from './graph/sdk-graph-writer.js';
import type { GraphWriter } from './graph/graph-writer.js';
import { StorageWorkQueue } from './queue/storage-work-queue.js';
import type { WorkQueue } from './queue/work-queue.js';
import { systemClock, type Clock } from './shared/clock.js';
import { TableJobStore } from './store/table-job-store.js';
import type { JobStore } from './store/job-store.js';

/** The ports the use cases need, built once per process from validated configuration. */
export interface Services {
  readonly config: AppConfig;
  readonly store: JobStore;
  readonly queue: WorkQueue;
  readonly graph: GraphWriter;
  readonly clock: Clock;
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
    graph: createSdkGraphWriter({
      baseUrl: config.graph.baseUrl,
      auth: config.graph.auth,
      timeoutMs: config.graph.timeoutMs,
      userAgent: 'bulk-assign/0.1',
    }),
    clock: systemClock,
  });
}
