import type { RegisteredFunction } from './app-registrations.js';
import type { RpcBindingInfo } from './core-api-types.js';

/**
 * The trigger binding of a function and the name `@azure/functions` gave it. The library names
 * bindings itself (type plus a hash of the options, e.g. `queueTrigger1a2b3c4d5e`) and accepts input
 * data only under that exact key; a trigger is any binding whose type ends in "Trigger".
 */
export function triggerBindingOf(fn: RegisteredFunction): [name: string, binding: RpcBindingInfo] {
  const entry = Object.entries(fn.metadata.bindings).find(([, b]) => /trigger$/i.test(b.type ?? ''));
  if (!entry) throw new Error(`Function '${fn.metadata.name}' has no trigger binding`);
  return entry;
}
