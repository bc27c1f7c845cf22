import { AsyncLocalStorage } from 'node:async_hooks';
import { AppRegistrations, type RegisteredFunction } from './app-registrations.js';
import type {
  FunctionCallback,
  FunctionMetadata,
  HookCallback,
  HookName,
  ProgrammingModel,
  RpcLogCategory,
  RpcLogLevel,
} from './core-api-types.js';
import { Disposable } from './disposable.js';
import { toHostLogLevel } from './host-log.js';

const hookNames: ReadonlySet<string> = new Set<HookName>([
  'appStart',
  'appTerminate',
  'preInvocation',
  'postInvocation',
  'log',
]);

/** What one entry file registered the first time it was imported. */
interface EntryCapture {
  readonly functions: RegisteredFunction[];
  readonly hooks: Array<readonly [HookName, HookCallback]>;
}

/** Version strings the worker exports; `@azure/functions` only reports them, it never parses them. */
const workerVersion = '3.10.1';
const hostVersion = '4.0.0-local';

/**
 * The object `require('@azure/functions-core')` returns inside this process.
 *
 * `@azure/functions` keeps process-wide state (its programming model is set once, its core API
 * lookup is cached forever, ES modules evaluate once), so this shim is a process singleton that
 * routes each call to the app being loaded or invoked, tracked with AsyncLocalStorage.
 */
export class CoreApiShim {
  /** Set by `@azure/functions` the first time app code calls `app.*`. */
  programmingModel: ProgrammingModel | undefined;
  /** Exactly what `require('@azure/functions-core')` hands to the library. */
  readonly moduleExports: Readonly<Record<string, unknown>>;

  readonly #current = new AsyncLocalStorage<AppRegistrations>();
  readonly #entries = new Map<string, EntryCapture>();
  #loading: { readonly app: AppRegistrations; readonly capture: EntryCapture } | undefined;
  #lastLoaded: AppRegistrations | undefined;
  #loadChain: Promise<unknown> = Promise.resolve();
  #inLogHook = false;

  constructor() {
    this.moduleExports = Object.freeze({
      version: workerVersion,
      hostVersion,
      Disposable,
      registerFunction: (metadata: FunctionMetadata, callback: FunctionCallback) =>
        this.#registerFunction(metadata, callback),
      registerHook: (name: string, callback: HookCallback) => this.#registerHook(name, callback),
      setProgrammingModel: (model: ProgrammingModel) => {
        this.programmingModel = model;
      },
      getProgrammingModel: () => this.programmingModel,
      // `@azure/functions` treats the presence of `log` as "host is new enough for HTTP streaming"
      // and routes its own system warnings through it.
      log: (level: RpcLogLevel, category: RpcLogCategory, message: string) =>
        this.emitLog(this.#target(), level, category, message),
    });
  }

  /**
   * Imports one entry file on behalf of `app`. Loads are serialized so registrations made during
   * module evaluation land in the right app. A file already imported in this process is not
   * evaluated again by Node, so its earlier registrations are replayed into `app` instead.
   */
  loadEntryPoint(app: AppRegistrations, file: string, importer: () => Promise<unknown>): Promise<void> {
    const run = async (): Promise<void> => {
      const known = this.#entries.get(file);
      if (known) {
        app.functions.push(...known.functions);
        for (const [name, callback] of known.hooks) app.addHook(name, callback);
        return;
      }
      const capture: EntryCapture = { functions: [], hooks: [] };
      this.#loading = { app, capture };
      try {
        await this.#current.run(app, importer);
      } finally {
        this.#loading = undefined;
      }
      this.#entries.set(file, capture);
    };
    const result = this.#loadChain.then(run, run);
    this.#loadChain = result.catch(() => undefined);
    return result;
  }

  /** Ends startup for `app`: from now on it is the default target of stray log calls. */
  markStarted(app: AppRegistrations): void {
    app.locked = true;
    this.#lastLoaded = app;
  }

  /** Runs `fn` with `app` as the target of core API calls made inside it (logs, hooks). */
  runInApp<T>(app: AppRegistrations, fn: () => T): T {
    return this.#current.run(app, fn);
  }

  /** Passes one log line through the app's `log` hooks, then to its host log. */
  emitLog(
    app: AppRegistrations | undefined,
    level: RpcLogLevel,
    category: RpcLogCategory,
    message: string,
    invocationContext?: unknown,
    /** Prefix for the printed line only; log hooks see the message as the app wrote it. */
    label = '',
  ): void {
    const entry: Record<string, unknown> = { level, category, message, invocationContext, hookData: {} };
    if (app && !this.#inLogHook) {
      // Log hooks run synchronously, like the worker's; a hook that logs must not recurse.
      this.#inLogHook = true;
      try {
        for (const hook of app.hooksFor('log')) hook(entry);
      } catch (error) {
        app.log('warning', `A log hook threw: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        this.#inLogHook = false;
      }
    }
    const text = label + String(entry['message']);
    const hostLevel = toHostLogLevel(String(entry['level']));
    if (app) app.log(hostLevel, text);
    else if (hostLevel !== 'debug') console.log(text);
  }

  #target(): AppRegistrations | undefined {
    return this.#current.getStore() ?? this.#loading?.app ?? this.#lastLoaded;
  }

  #registerFunction(metadata: FunctionMetadata, callback: FunctionCallback): Disposable {
    const loading = this.#loading;
    if (!loading) {
      throw new Error('A function can only be registered during app startup.');
    }
    const id = metadata.functionId ?? metadata.name;
    if (loading.app.functions.some((f) => (f.metadata.functionId ?? f.metadata.name) === id)) {
      throw new Error(`A function with id "${id}" has already been registered.`);
    }
    const registered: RegisteredFunction = { metadata, callback };
    loading.app.functions.push(registered);
    loading.capture.functions.push(registered);
    const { app, capture } = loading;
    return new Disposable(() => {
      if (app.locked) throw new Error('A function can only be disposed during app startup.');
      app.functions.splice(app.functions.indexOf(registered), 1);
      capture.functions.splice(capture.functions.indexOf(registered), 1);
    });
  }

  #registerHook(name: string, callback: HookCallback): Disposable {
    if (!hookNames.has(name)) {
      throw new RangeError(`"${name}" is not a valid hook name.`);
    }
    const hookName = name as HookName;
    const app = this.#target();
    if (!app) {
      throw new Error(`Cannot register a "${name}" hook before the local host loads the app.`);
    }
    const remove = app.addHook(hookName, callback);
    const capture = this.#loading?.app === app ? this.#loading.capture : undefined;
    const captured = [hookName, callback] as const;
    capture?.hooks.push(captured);
    return new Disposable(() => {
      remove();
      if (capture) capture.hooks.splice(capture.hooks.indexOf(captured), 1);
    });
  }
}
