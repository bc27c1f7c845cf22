import type { RateLimit } from './graph-simulator-options.js';
import { SlidingWindow } from './sliding-window.js';

export type ThrottleDecision = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterMs: number };

export interface ThrottleLimits {
  readonly perApp: RateLimit;
  readonly perTenant: RateLimit | undefined;
}

/** Highest count seen in any one window; `tenant` stays 0 when there is no tenant limit. */
export interface WindowPeaks {
  readonly perApp: Record<string, number>;
  readonly tenant: number;
  /** Per partition (a throttling family, or `all` when they are shared), then per app. */
  readonly perPartition: Record<string, Record<string, number>>;
}

/**
 * One per-app window per (partition, app) and one tenant window per partition. A partition is
 * an Intune throttling family when the families are budgeted apart, or a single shared key.
 *
 * Only accepted requests enter a window. Intune does not say whether refused requests count;
 * counting them would make a client that keeps knocking wait forever, and it would blur what the
 * benchmark measures (how close the client runs to the budget), so refused requests are free.
 */
export class RequestThrottle {
  readonly #limits: ThrottleLimits;
  #apps = new Map<string, SlidingWindow>();
  #tenants = new Map<string, SlidingWindow>();
  #appPeaks = new Map<string, number>();
  #partitionPeaks = new Map<string, Map<string, number>>();

  constructor(limits: ThrottleLimits) {
    this.#limits = limits;
  }

  /** Admits the request and counts it, or says how long until both windows have room. */
  tryAcquire(app: string, partition: string, now: number): ThrottleDecision {
    const appWindow = this.#window(this.#apps, `${partition}\u0000${app}`, this.#limits.perApp);
    const tenantWindow = this.#limits.perTenant
      ? this.#window(this.#tenants, partition, this.#limits.perTenant)
      : undefined;
    const wait = Math.max(appWindow.waitMs(now), tenantWindow?.waitMs(now) ?? 0);
    if (wait > 0) return { allowed: false, retryAfterMs: wait };
    appWindow.record(now);
    tenantWindow?.record(now);
    this.#appPeaks.set(app, Math.max(this.#appPeaks.get(app) ?? 0, appWindow.maxInWindow));
    let byApp = this.#partitionPeaks.get(partition);
    if (!byApp) this.#partitionPeaks.set(partition, (byApp = new Map()));
    byApp.set(app, Math.max(byApp.get(app) ?? 0, appWindow.maxInWindow));
    return { allowed: true };
  }

  peaks(): WindowPeaks {
    let tenant = 0;
    for (const w of this.#tenants.values()) tenant = Math.max(tenant, w.maxInWindow);
    const perPartition = Object.fromEntries([...this.#partitionPeaks].map(([p, byApp]) => [p, Object.fromEntries(byApp)]));
    return { perApp: Object.fromEntries(this.#appPeaks), tenant, perPartition };
  }

  reset(): void {
    this.#apps = new Map();
    this.#tenants = new Map();
    this.#appPeaks = new Map();
    this.#partitionPeaks = new Map();
  }

  #window(windows: Map<string, SlidingWindow>, windowKey: string, limit: RateLimit): SlidingWindow {
    let w = windows.get(windowKey);
    if (!w) windows.set(windowKey, (w = new SlidingWindow(limit)));
    return w;
  }
}
