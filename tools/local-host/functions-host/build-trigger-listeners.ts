import type { QueueClient } from '@azure/storage-queue';
import type { RegisteredFunction } from './app-registrations.js';
import type { RpcBindingInfo } from './core-api-types.js';
import type { InvocationInput, InvocationOutcome } from './function-invoker.js';
import type { HostLog } from './host-log.js';
import { parseTimerSchedule } from './parse-timer-schedule.js';
import { QueueTriggerListener } from './queue-trigger-listener.js';
import type { HostConfig } from './read-host-config.js';
import { resolveBindingExpression, type AppSettings } from './resolve-app-setting.js';
import { TimerTriggerListener } from './timer-trigger-listener.js';
import { triggerBindingOf } from './trigger-binding-of.js';

/** A loaded function as the host reports it. */
export interface FunctionSummary {
  readonly name: string;
  /** Binding type of the trigger: `httpTrigger`, `queueTrigger`, `timerTrigger`, ... */
  readonly trigger: string;
  /** Route, queue name, schedule or webhook URL, depending on the trigger. */
  readonly detail: string;
}

export interface TriggerListeners {
  readonly queueListeners: readonly QueueTriggerListener[];
  readonly timers: ReadonlyMap<RegisteredFunction, TimerTriggerListener>;
  readonly summaries: readonly FunctionSummary[];
}

/**
 * Indexes the app's functions like the host does at start-up: resolves `%SETTING%` expressions,
 * validates queue names and schedules (failing start-up with the function's name when one is
 * wrong), and creates a listener per queue or timer trigger. HTTP and Event Grid triggers need no
 * listener (the HTTP front end serves both); other trigger and binding types are reported and skipped.
 */
export function buildTriggerListeners(args: {
  readonly functions: readonly RegisteredFunction[];
  readonly config: HostConfig;
  readonly env: AppSettings;
  /** When false no queue listener (and no connection string) is needed. */
  readonly pollQueues: boolean;
  readonly leaseSeconds: number;
  readonly clientFor: (connection: unknown, queueName: string) => QueueClient;
  readonly invoke: (fn: RegisteredFunction, input: InvocationInput, reason: string) => Promise<InvocationOutcome>;
  readonly log: HostLog;
}): TriggerListeners {
  const { config, env, log, clientFor, invoke } = args;
  const queueListeners: QueueTriggerListener[] = [];
  const timers = new Map<RegisteredFunction, TimerTriggerListener>();
  const summaries: FunctionSummary[] = [];

  for (const fn of args.functions) {
    const name = fn.metadata.name;
    const [triggerName, trigger] = triggerBindingOf(fn);
    const type = trigger.type ?? '';
    warnAboutUnsupportedBindings(fn, log);
    switch (type.toLowerCase()) {
      case 'httptrigger':
        summaries.push({ name, trigger: type, detail: httpDetail(fn, trigger, config) });
        break;
      case 'eventgridtrigger':
        // Event Grid pushes to the extension's webhook, served by the HTTP front end.
        summaries.push({ name, trigger: type, detail: `/runtime/webhooks/eventgrid?functionName=${encodeURIComponent(name)}` });
        break;
      case 'queuetrigger': {
        const queueName = withFunctionName(fn, () => queueNameOf(trigger, env));
        summaries.push({ name, trigger: type, detail: queueName });
        if (!args.pollQueues) break;
        queueListeners.push(
          new QueueTriggerListener({
            fn,
            triggerName,
            queue: clientFor(trigger['connection'], queueName),
            poisonQueue: clientFor(trigger['connection'], `${queueName}-poison`),
            config: config.queues,
            leaseSeconds: args.leaseSeconds,
            invoke: (input) => invoke(fn, input, 'New queue message detected'),
            log,
          }),
        );
        break;
      }
      case 'timertrigger': {
        const expression = withFunctionName(fn, () => resolveBindingExpression(String(trigger['schedule'] ?? ''), env));
        const schedule = withFunctionName(fn, () => parseTimerSchedule(expression));
        summaries.push({ name, trigger: type, detail: expression });
        const useMonitor = trigger['useMonitor'];
        timers.set(
          fn,
          new TimerTriggerListener({
            fn,
            triggerName,
            schedule,
            runOnStartup: trigger['runOnStartup'] === true,
            // The binding's documented default: monitor schedules at least a minute apart.
            useMonitor: typeof useMonitor === 'boolean' ? useMonitor : schedule.atLeastMinuteApart,
            invoke: (input, reason) => invoke(fn, input, reason),
          }),
        );
        break;
      }
      default:
        summaries.push({ name, trigger: type, detail: 'not supported locally' });
        log('warning', `Function '${name}' has a '${type}' trigger, which the local host does not run`);
    }
  }
  return { queueListeners, timers, summaries };
}

function queueNameOf(trigger: RpcBindingInfo, env: AppSettings): string {
  // Bindings may spell queue names in any case; Storage wants lower case and the host normalizes.
  const name = resolveBindingExpression(String(trigger['queueName'] ?? ''), env).toLowerCase();
  if (!/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/.test(name)) {
    throw new Error(`"${name}" is not a valid queue name (3-63 lower-case letters, digits and single hyphens)`);
  }
  return name;
}

function httpDetail(fn: RegisteredFunction, trigger: RpcBindingInfo, config: HostConfig): string {
  const methods = Array.isArray(trigger['methods']) ? `[${(trigger['methods'] as unknown[]).join(',')}] ` : '';
  const route = typeof trigger['route'] === 'string' && trigger['route'] ? trigger['route'] : fn.metadata.name;
  return `${methods}/${[config.routePrefix, route.replace(/^\/+/, '')].filter(Boolean).join('/')}`;
}

function warnAboutUnsupportedBindings(fn: RegisteredFunction, log: HostLog): void {
  for (const [name, binding] of Object.entries(fn.metadata.bindings)) {
    const type = (binding.type ?? '').toLowerCase();
    if (/trigger$/.test(type) || type === 'http' || (type === 'queue' && binding.direction === 'out')) continue;
    log('warning', `Function '${fn.metadata.name}': binding '${name}' of type '${binding.type}' is not supported locally and is ignored`);
  }
}

function withFunctionName<T>(fn: RegisteredFunction, run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw new Error(`Function '${fn.metadata.name}': ${error instanceof Error ? error.message : String(error)}`);
  }
}
