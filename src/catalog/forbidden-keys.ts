/**
 * Keys refused anywhere in a submission. Code that copies or merges the body later (stores,
 * simulators, diff tools) could otherwise be tricked into changing `Object.prototype`.
 */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
