import type { PolicyKind } from '../../src/catalog/catalog-endpoints.js';
import { ASSIGN_ACTIONS } from '../../src/catalog/assign-actions.js';
import type { SimSeed } from './sim-seed.js';
import { SEED_DATA } from './seed-data.js';

/** A budget of `count` requests in any sliding window of `windowMs` milliseconds. */
export interface RateLimit {
  readonly count: number;
  readonly windowMs: number;
}

/** Write (PATCH) limits. Intune documents both: a request must fit under each. */
export interface WriteLimitOptions {
  /**
   * Writes one app may make.
   * @default { count: 100, windowMs: 20_000 }
   */
  readonly perApp?: RateLimit;
  /**
   * Writes all apps together may make.
   * @default { count: 200, windowMs: 20_000 }
   */
  readonly perTenant?: RateLimit;
}

/** Read (GET) limits, counted apart from writes. */
export interface ReadLimitOptions {
  /**
   * Reads one app may make.
   * @default { count: 1000, windowMs: 20_000 }
   */
  readonly perApp?: RateLimit;
  /**
   * Reads all apps together may make; unset means only the per-app limit applies.
   * @default undefined
   */
  readonly perTenant?: RateLimit;
}

export interface GraphSimulatorOptions {
  /**
   * Bearer tokens the simulator accepts, each mapped to the app id it stands for. The app id
   * keys the per-app windows, so two tokens with two app ids share only the tenant budget.
   * @default { [DEFAULT_SIM_TOKEN]: DEFAULT_SIM_APP_ID }
   */
  readonly tokens?: Readonly<Record<string, string>>;
  /**
   * Write limits, merged over the defaults one field at a time.
   * @default { perApp: { count: 100, windowMs: 20_000 }, perTenant: { count: 200, windowMs: 20_000 } }
   */
  readonly writeLimit?: WriteLimitOptions;
  /**
   * Read limits, merged over the defaults one field at a time.
   * @default { perApp: { count: 1000, windowMs: 20_000 } }
   */
  readonly readLimit?: ReadLimitOptions;
  /**
   * `shared`: every write spends one budget per app and one per tenant, whatever the endpoint.
   * `separate`: each Intune throttling family (`deviceConfiguration`, `deviceConfigV2`,
   * `deviceEnrollment`, from the catalog's `throttleScope`) has budgets of its own, as Intune
   * documents them. `shared` is the stricter of the two: a client that stays under it also
   * stays under `separate`.
   * @default 'shared'
   */
  readonly throttleScopes?: 'shared' | 'separate';
  /**
   * Policies and assignments the simulator starts with and returns to on reset.
   * @default SEED_DATA
   */
  readonly seed?: SimSeed;
  /**
   * Items per page of a collection GET without `$top`. Small by default so that the seed data
   * pages and clients must follow `@odata.nextLink`.
   * @default 2
   */
  readonly pageSize?: number;
  /**
   * Policy kinds whose item-level assignment routes (`…/assignments/{id}`, and seed 003's
   * collection PATCH) answer every write with 400 `No method match route template`, "No OData
   * route exists that match template …", as public reports show Graph doing. Reads stay served,
   * and so does the policy's `/assign`. Changed at run time through `POST /_sim/item-routes` or
   * `setRefusedItemRoutes`; `reset` comes back to this value.
   * @default []
   */
  readonly refuseItemRoutes?: readonly PolicyKind[];
  /**
   * Milliseconds since the epoch. Throttle windows, the write log and `Date` headers read it,
   * so tests can move time by hand. It must never go backwards. Injected latency and hangs
   * still use real timers.
   * @default Date.now
   */
  readonly clock?: () => number;
}

export interface ResolvedGraphSimulatorOptions {
  readonly tokens: ReadonlyMap<string, string>;
  readonly writeLimit: { readonly perApp: RateLimit; readonly perTenant: RateLimit };
  readonly readLimit: { readonly perApp: RateLimit; readonly perTenant: RateLimit | undefined };
  readonly throttleScopes: 'shared' | 'separate';
  readonly seed: SimSeed;
  readonly pageSize: number;
  readonly refuseItemRoutes: readonly PolicyKind[];
  readonly clock: () => number;
}

/** The token `npm start` and `npm run graph-sim` use unless told otherwise. Not a secret. */
export const DEFAULT_SIM_TOKEN = 'graph-sim-dev-token';
/** App id behind {@link DEFAULT_SIM_TOKEN}. */
export const DEFAULT_SIM_APP_ID = 'bulk-assign-dev';

const INTUNE_WINDOW_MS = 20_000;

function checkLimit(name: string, limit: RateLimit | undefined): RateLimit | undefined {
  if (limit === undefined) return undefined;
  if (!Number.isInteger(limit.count) || limit.count < 1) {
    throw new RangeError(`${name}.count must be a positive integer, got ${String(limit.count)}`);
  }
  if (!Number.isInteger(limit.windowMs) || limit.windowMs < 1) {
    throw new RangeError(`${name}.windowMs must be a positive integer, got ${String(limit.windowMs)}`);
  }
  return Object.freeze({ count: limit.count, windowMs: limit.windowMs });
}

/** Applies defaults and refuses bad values at once, naming them, rather than at first request. */
export function resolveGraphSimulatorOptions(options: GraphSimulatorOptions = {}): ResolvedGraphSimulatorOptions {
  const tokenEntries = Object.entries(options.tokens ?? { [DEFAULT_SIM_TOKEN]: DEFAULT_SIM_APP_ID });
  if (tokenEntries.length === 0) throw new RangeError('tokens must name at least one token');
  for (const [token, app] of tokenEntries) {
    if (!/^[\x21-\x7e]+$/.test(token)) throw new RangeError(`token ${JSON.stringify(token)} must be printable ASCII without spaces`);
    if (typeof app !== 'string' || app === '') throw new RangeError(`token ${JSON.stringify(token)} must map to a non-empty app id`);
  }
  const pageSize = options.pageSize ?? 2;
  if (!Number.isInteger(pageSize) || pageSize < 1) {
    throw new RangeError(`pageSize must be a positive integer, got ${String(pageSize)}`);
  }
  const throttleScopes = options.throttleScopes ?? 'shared';
  if (throttleScopes !== 'shared' && throttleScopes !== 'separate') {
    throw new RangeError(`throttleScopes must be 'shared' or 'separate', got ${String(throttleScopes)}`);
  }
  const refuseItemRoutes = parsePolicyKinds(options.refuseItemRoutes ?? [], 'refuseItemRoutes');
  const w = options.writeLimit ?? {};
  const r = options.readLimit ?? {};
  return Object.freeze({
    tokens: new Map(tokenEntries),
    writeLimit: Object.freeze({
      perApp: checkLimit('writeLimit.perApp', w.perApp ?? { count: 100, windowMs: INTUNE_WINDOW_MS }) as RateLimit,
      perTenant: checkLimit('writeLimit.perTenant', w.perTenant ?? { count: 200, windowMs: INTUNE_WINDOW_MS }) as RateLimit,
    }),
    readLimit: Object.freeze({
      perApp: checkLimit('readLimit.perApp', r.perApp ?? { count: 1000, windowMs: INTUNE_WINDOW_MS }) as RateLimit,
      perTenant: checkLimit('readLimit.perTenant', r.perTenant),
    }),
    throttleScopes,
    seed: options.seed ?? SEED_DATA,
    pageSize,
    refuseItemRoutes,
    clock: options.clock ?? Date.now,
  });
}

const POLICY_KINDS: readonly PolicyKind[] = ASSIGN_ACTIONS.map((a) => a.policyKind);

/** Checks a list of policy kinds from an untrusted source; throws naming the bad value. */
export function parsePolicyKinds(input: unknown, name: string): readonly PolicyKind[] {
  if (!Array.isArray(input)) throw new TypeError(`${name} must be an array of policy kinds (${POLICY_KINDS.join(', ')})`);
  for (const kind of input) {
    if (!POLICY_KINDS.includes(kind as PolicyKind)) {
      throw new TypeError(`${name} names ${JSON.stringify(kind)}, which is not a policy kind; use ${POLICY_KINDS.join(', ')}`);
    }
  }
  return Object.freeze([...new Set(input as PolicyKind[])]);
}

/** `GRAPH_SIM_REFUSE_ITEM_ROUTES`: policy kinds separated by commas (empty or unset: none). */
export function policyKindsFromEnv(text: string | undefined, name: string): readonly PolicyKind[] {
  return parsePolicyKinds((text ?? '').split(',').map((k) => k.trim()).filter((k) => k !== ''), name);
}
