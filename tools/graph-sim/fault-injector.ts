import type { ActiveFault, FaultRule } from './fault-rule.js';
import { parseFaultRules } from './parse-fault-rules.js';

interface Slot {
  readonly rule: FaultRule;
  remaining: number;
  used: number;
}

/** Holds the rules and hands out the one that applies to each request. */
export class FaultInjector {
  #slots: Slot[] = [];

  /** Replaces every rule; validates first, so a bad list leaves the old one in place. */
  set(rules: readonly FaultRule[]): void {
    const checked = parseFaultRules([...rules]);
    this.#slots = checked.map((rule) => ({ rule, remaining: rule.times ?? Infinity, used: 0 }));
  }

  clear(): void {
    this.#slots = [];
  }

  /** The first matching rule with uses left, spending one use; undefined when none applies. */
  take(method: string, path: string): FaultRule | undefined {
    const lowerPath = path.toLowerCase();
    for (const slot of this.#slots) {
      if (slot.remaining <= 0) continue;
      const wanted = slot.rule.method ?? 'write';
      const matches = wanted === 'any' || wanted === method || (wanted === 'write' && method !== 'GET' && method !== 'HEAD');
      if (!matches) continue;
      if (slot.rule.pathContains && !lowerPath.includes(slot.rule.pathContains.toLowerCase())) continue;
      slot.remaining--;
      slot.used++;
      return slot.rule;
    }
    return undefined;
  }

  /** Rules with their counts; spent rules stay listed so a test can see they fired. */
  list(): ActiveFault[] {
    return this.#slots.map((s) => ({
      rule: s.rule,
      remaining: Number.isFinite(s.remaining) ? s.remaining : null,
      used: s.used,
    }));
  }
}
