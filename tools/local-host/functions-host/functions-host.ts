import { QueueClient } from '@azure/storage-queue';
import type { RegisteredFunction } from './app-registrations.js';
import { buildTriggerListeners, type FunctionSummary } from './build-trigger-listeners.js';
import { EventGridWebhook } from './event-grid-webhook.js';
import { FunctionInvoker, type InvocationInput, type InvocationOutcome } from './function-invoker.js';
import { validateHostOptions, type FunctionsHostOptions } from './functions-host-options.js';
import { consoleHostLog, type HostLog } from './host-log.js';
import { HostHttpServer } from './host-http-server.js';
import { HttpRouteTable } from './http-route-table.js';
import { installCoreApi } from './install-core-api.js';
import { loadFunctionApp, type LoadedFunctionApp } from './load-function-app.js';
import { QueueOutputWriter } from './queue-output-writer.js';
import type { QueueTriggerListener } from './queue-trigger-listener.js';
import { readHostConfig } from './read-host-config.js';
import { resolveStorageConnectionString, type AppSettings } from './resolve-app-setting.js';
import type { TimerTriggerListener } from './timer-trigger-listener.js';
import { toEventGridTriggerInput } from './to-event-grid-trigger-input.js';
import { toQueueTriggerInput } from './to-queue-trigger-input.js';
import { triggerBindingOf } from './trigger-binding-of.js';

export type { FunctionsHostOptions } from './functions-host-options.js';
export type { FunctionSummary } from './build-trigger-listeners.js';

/** A running (or startable) local Functions host for one app. */
export interface FunctionsHost {
  /** Loads the app, opens the HTTP front end (unless `http: false`) and starts the listeners. */
  start(): Promise<{ readonly url: string | undefined }>;
  /** Stops polling and timers, waits (bounded) for in-flight invocations, closes the server. */
  stop(): Promise<void>;
  /** The loaded functions; empty before `start()`. */
  readonly functions: readonly FunctionSummary[];
}

/** The reason the host logs for HTTP and admin-API invocations. */
const hostApiReason = 'This function was programmatically called via the host APIs.';

interface Running {
  readonly app: LoadedFunctionApp;
  readonly invoker: FunctionInvoker;
  readonly server: HostHttpServer | undefined;
  readonly queueListeners: readonly QueueTriggerListener[];
  readonly timers: ReadonlyMap<RegisteredFunction, TimerTriggerListener>;
}

/**
 * Creates a host that runs an Azure Functions v4 Node.js app locally the way Azure does: the app's
 * own registrations, invoked through `@azure/functions`' programming model, with host.json's HTTP
 * and queue settings applied. Only `main.ts` reads the environment; everything else comes in here.
 */
export function createFunctionsHost(options: FunctionsHostOptions): FunctionsHost {
  const settings = validateHostOptions(options);
  const log: HostLog = options.log ?? consoleHostLog;
  const env: AppSettings = options.env ?? {};
  let running: Running | undefined;
  let starting = false;
  let summaries: readonly FunctionSummary[] = [];

  const queueClients = new Map<string, QueueClient>();
  const clientFor = (connection: unknown, queueName: string): QueueClient => {
    const connectionString = resolveStorageConnectionString(connection, env);
    const key = `${connectionString}\n${queueName}`;
    let client = queueClients.get(key);
    if (!client) {
      client = new QueueClient(connectionString, queueName);
      queueClients.set(key, client);
    }
    return client;
  };

  return {
    get functions() {
      return summaries;
    },

    async start() {
      if (running || starting) throw new Error('The host is already started');
      starting = true;
      try {
        return await startOnce();
      } finally {
        starting = false;
      }
    },

    async stop() {
      return stopOnce();
    },
  };

  async function startOnce(): Promise<{ readonly url: string | undefined }> {
    const shim = installCoreApi();
    const config = await readHostConfig(options.scriptRoot, {
      override: options.hostJson,
      processorCount: settings.processorCount,
    });
    const app = await loadFunctionApp({ scriptRoot: options.scriptRoot, shim, log });
    const invoker = new FunctionInvoker(shim, app, { functionTimeoutMs: config.functionTimeoutMs, log });

    // Listeners are created below; output writes to a queue this host polls wake its listener.
    let queueListeners: readonly QueueTriggerListener[] = [];
    const outputs = new QueueOutputWriter(env, config.queues, clientFor, (queueName) => {
      for (const listener of queueListeners) if (listener.queueName === queueName) listener.notify();
    });
    const invoke = async (fn: RegisteredFunction, input: InvocationInput, reason: string): Promise<InvocationOutcome> => {
      const outcome = await invoker.invoke(fn, input, reason);
      if (!outcome.ok || !QueueOutputWriter.hasQueueOutputs(fn)) return outcome;
      try {
        await outputs.write(fn, outcome.response);
        return outcome;
      } catch (error) {
        const failure = error instanceof Error ? error : new Error(String(error));
        log('error', `Writing the queue output of 'Functions.${fn.metadata.name}' failed: ${failure.message}`);
        return { ok: false, invocationId: outcome.invocationId, durationMs: outcome.durationMs, error: failure };
      }
    };

    const built = buildTriggerListeners({
      functions: app.registrations.functions,
      config,
      env,
      pollQueues: settings.queues,
      leaseSeconds: settings.queueMessageLeaseSeconds,
      clientFor,
      invoke,
      log,
    });
    queueListeners = built.queueListeners;
    const { timers, summaries: described } = built;

    const adminInvoke = (name: string, input: string | undefined): 'accepted' | 'not-found' | 'http-trigger' => {
      const fn = app.registrations.functions.find((f) => f.metadata.name.toLowerCase() === name.toLowerCase());
      if (!fn) return 'not-found';
      const [triggerName, trigger] = triggerBindingOf(fn);
      const type = (trigger.type ?? '').toLowerCase();
      if (type === 'httptrigger') return 'http-trigger';
      const timer = timers.get(fn);
      if (timer) {
        void timer.fireNow();
      } else {
        const event = type === 'eventgridtrigger' ? jsonObjectOrUndefined(input) : undefined;
        const data: InvocationInput =
          type === 'queuetrigger'
            ? toQueueTriggerInput(triggerName, fn.metadata.name, input ?? '', undefined)
            : event
              ? toEventGridTriggerInput(triggerName, fn.metadata.name, event, undefined)
              : { inputData: [{ name: triggerName, data: { string: input ?? '' } }], triggerMetadata: {} };
        void invoke(fn, data, hostApiReason);
      }
      return 'accepted';
    };

    let server: HostHttpServer | undefined;
    let url: string | undefined;
    if (settings.http) {
      const eventGrid = new EventGridWebhook({ functions: app.registrations.functions, invoke, log });
      const routes = new HttpRouteTable(app.registrations.functions);
      server = new HostHttpServer({
        routePrefix: config.routePrefix,
        routes,
        maxRequestBodyBytes: settings.maxRequestBodyBytes,
        hostKey: settings.hostKey,
        log,
        invokeHttp: (route, data, traceParent) =>
          invoke(route.fn, { inputData: [{ name: route.triggerName, data }], triggerMetadata: {}, traceParent }, hostApiReason),
        adminInvoke,
        eventGridWebhook: (request) => eventGrid.handle(request),
        describeFunctions: () => summaries,
      });
      url = await server.listen(settings.port, settings.hostname);
    }

    summaries = described;
    running = { app, invoker, server, queueListeners, timers };
    for (const listener of queueListeners) listener.start();
    if (settings.timers) for (const timer of timers.values()) timer.start();

    log('information', `Functions:`);
    for (const s of described) log('information', `  ${s.name}: ${s.trigger} ${s.detail}`);
    return { url };
  }

  async function stopOnce(): Promise<void> {
    const current = running;
    if (!current) return;
    running = undefined;
    const deadline = Date.now() + settings.shutdownTimeoutMs;
    current.server?.stopAccepting();
    for (const timer of current.timers.values()) timer.stop();
    await Promise.all(current.queueListeners.map((listener) => listener.stop(settings.shutdownTimeoutMs)));
    const drained = await current.invoker.drain(Math.max(0, deadline - Date.now()));
    if (!drained) log('warning', `Stopped with ${current.invoker.inFlightCount} invocation(s) still running`);
    // Let responses of invocations that just finished reach their sockets before closing them.
    await new Promise((resolve) => setImmediate(resolve));
    await current.server?.closeAll();
    const registrations = current.app.registrations;
    try {
      await registrations.runHooks('appTerminate', { hookData: registrations.appHookData, appHookData: registrations.appHookData });
    } catch (error) {
      log('warning', `An appTerminate hook failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/**
 * The admin API's input for an Event Grid function parsed as the extension parses it (one event
 * object); anything else is passed on as a plain string input.
 */
function jsonObjectOrUndefined(input: string | undefined): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(input ?? '');
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
