import type { FunctionCallback, FunctionMetadata, HookCallback, HookName } from './core-api-types.js';
import type { HostLog } from './host-log.js';

/** One `registerFunction(metadata, callback)` call made by app code. */
export interface RegisteredFunction {
  readonly metadata: FunctionMetadata;
  readonly callback: FunctionCallback;
}

/**
 * Everything one loaded function app handed to `@azure/functions-core`: its functions, its hooks
 * and the app-scoped hook data the worker shares between hooks.
 */
export class AppRegistrations {
  readonly functions: RegisteredFunction[] = [];
  readonly hooks = new Map<HookName, HookCallback[]>();
  readonly appHookData: Record<string, unknown> = {};
  /** Set once startup is over: like the worker, later `registerFunction` calls are refused. */
  locked = false;

  constructor(
    readonly scriptRoot: string,
    readonly log: HostLog,
  ) {}

  hooksFor(name: HookName): readonly HookCallback[] {
    return this.hooks.get(name) ?? [];
  }

  addHook(name: HookName, callback: HookCallback): () => void {
    const list = this.hooks.get(name) ?? [];
    list.push(callback);
    this.hooks.set(name, list);
    return () => {
      const index = list.indexOf(callback);
      if (index >= 0) list.splice(index, 1);
    };
  }

  /** Runs the hooks of one kind in registration order; a throwing hook fails the whole step, as in the worker. */
  async runHooks(name: HookName, context: Record<string, unknown>): Promise<void> {
    for (const hook of [...this.hooksFor(name)]) {
      await hook(context);
    }
  }
}
