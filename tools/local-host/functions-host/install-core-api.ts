import Module from 'node:module';
import { CoreApiShim } from './core-api-shim.js';

const coreModuleId = '@azure/functions-core';
const singletonKey = Symbol.for('bulk-assign.local-functions-host.core-api');

type RequireFn = (this: unknown, id: string) => unknown;

/**
 * Makes `require('@azure/functions-core')` resolve to the local host's core API, the way the
 * Azure Functions Node.js worker does in Azure.
 *
 * It must run before app code first calls `app.*`: `@azure/functions` looks the module up once,
 * lazily, and caches a failure for the life of the process ("test mode", where registrations are
 * silently skipped). The library's webpack bundle uses a plain CommonJS `require`, even when app
 * code imports it from ESM, so patching `Module.prototype.require` is enough. The shim is kept on
 * `globalThis` so that two copies of this module (for example one transformed by a test runner and
 * one loaded natively) share it.
 */
export function installCoreApi(): CoreApiShim {
  const registry = globalThis as unknown as Record<symbol, CoreApiShim | undefined>;
  const existing = registry[singletonKey];
  if (existing) return existing;

  const shim = new CoreApiShim();
  const proto = Module.prototype as unknown as { require: RequireFn };
  const originalRequire = proto.require;
  proto.require = function patchedRequire(this: unknown, id: string) {
    return id === coreModuleId ? shim.moduleExports : originalRequire.call(this, id);
  };
  registry[singletonKey] = shim;
  return shim;
}
