import { FAULT_MODES, type FaultMode, type FaultRule } from './fault-rule.js';

const RULE_KEYS = new Set(['mode', 'status', 'code', 'message', 'retryAfterSeconds', 'times', 'pathContains', 'method', 'latencyMs']);

/** Checks rules from an untrusted source (the control API); throws naming the first bad value. */
export function parseFaultRules(input: unknown): FaultRule[] {
  const list = Array.isArray(input) ? input : (input as { rules?: unknown } | null)?.rules;
  if (!Array.isArray(list)) throw new TypeError('expected an array of fault rules or { "rules": [...] }');
  return list.map((raw, i) => parseRule(raw, `rules[${i}]`));
}

function parseRule(raw: unknown, at: string): FaultRule {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new TypeError(`${at} must be an object`);
  const r = raw as Record<string, unknown>;
  for (const name of Object.keys(r)) {
    if (!RULE_KEYS.has(name)) throw new TypeError(`${at}.${name} is not a fault rule property`);
  }
  const isInt = (v: unknown, min: number, max = Number.MAX_SAFE_INTEGER) =>
    typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
  const bad = (name: string, want: string) =>
    new TypeError(`${at}.${name} must be ${want}, got ${JSON.stringify(r[name])}`);
  if (r.mode !== undefined && !FAULT_MODES.includes(r.mode as FaultMode)) throw bad('mode', FAULT_MODES.join('|'));
  if (r.status !== undefined && !isInt(r.status, 400, 599)) throw bad('status', 'an integer 400-599');
  if (r.retryAfterSeconds !== undefined && !isInt(r.retryAfterSeconds, 0)) throw bad('retryAfterSeconds', 'a whole number of seconds');
  if (r.times !== undefined && !isInt(r.times, 1)) throw bad('times', 'a positive integer');
  if (r.latencyMs !== undefined && !isInt(r.latencyMs, 0)) throw bad('latencyMs', 'a non-negative integer');
  if (r.mode === 'latency' && r.latencyMs === undefined) throw bad('latencyMs', "set for mode 'latency'");
  if (r.method !== undefined && !['write', 'PATCH', 'POST', 'GET', 'any'].includes(r.method as string)) throw bad('method', 'write|PATCH|POST|GET|any');
  for (const name of ['code', 'message', 'pathContains'] as const) {
    if (r[name] !== undefined && (typeof r[name] !== 'string' || r[name] === '')) throw bad(name, 'a non-empty string');
  }
  return Object.freeze({ ...(r as FaultRule) });
}
