import type { SecondBucket } from './contender-result.js';

/** Writes bucketed by whole seconds since `startedAt`; a 429 is throttled, anything else got past the throttle. */
export function perSecond(log: ReadonlyArray<{ at: number; status: number; app: string | null }>, startedAt: number): SecondBucket[] {
  const buckets: { accepted: number; throttled: number }[] = [];
  for (const e of log) {
    if (e.app === null) continue;
    const second = Math.max(0, Math.floor((e.at - startedAt) / 1000));
    while (buckets.length <= second) buckets.push({ accepted: 0, throttled: 0 });
    const bucket = buckets[second] as { accepted: number; throttled: number };
    if (e.status === 429) bucket.throttled++;
    else bucket.accepted++;
  }
  return buckets.map((b, second) => ({ second, ...b }));
}
