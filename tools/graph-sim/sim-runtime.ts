import { FaultInjector } from './fault-injector.js';
import type { PolicyKind } from '../../src/catalog/catalog-endpoints.js';
import type { ResolvedGraphSimulatorOptions } from './graph-simulator-options.js';
import { PolicyStore } from './policy-store.js';
import { RequestThrottle } from './request-throttle.js';
import { WriteRecorder, type GraphSimulatorStats } from './write-recorder.js';

/** Everything one simulator instance holds, shared by the Graph routes, the control API and the in-process accessors. */
export class SimRuntime {
  readonly store: PolicyStore;
  readonly writeThrottle: RequestThrottle;
  readonly readThrottle: RequestThrottle;
  readonly faults = new FaultInjector();
  readonly recorder = new WriteRecorder();
  readonly #timers = new Set<NodeJS.Timeout>();
  /** Policy kinds whose item-level assignment routes refuse writes (see `refuseItemRoutes`). */
  refusedItemRoutes: ReadonlySet<PolicyKind>;

  constructor(readonly options: ResolvedGraphSimulatorOptions) {
    this.store = new PolicyStore(options.seed);
    this.writeThrottle = new RequestThrottle(options.writeLimit);
    this.readThrottle = new RequestThrottle(options.readLimit);
    this.refusedItemRoutes = new Set(options.refuseItemRoutes);
  }

  /** Seed state back, log and windows empty, no faults: a fresh simulator on the same port. */
  reset(): void {
    this.store.reset();
    this.writeThrottle.reset();
    this.readThrottle.reset();
    this.recorder.reset();
    this.faults.clear();
    this.refusedItemRoutes = new Set(this.options.refuseItemRoutes);
  }

  stats(): GraphSimulatorStats {
    const { writeLimit, readLimit, throttleScopes } = this.options;
    return this.recorder.stats(this.writeThrottle.peaks(), { writeLimit, readLimit, throttleScopes });
  }

  /** A real-time wait that {@link cancelTimers} abandons, so closing never waits for injected latency. */
  delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        resolve();
      }, ms);
      this.#timers.add(timer);
    });
  }

  cancelTimers(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }
}
