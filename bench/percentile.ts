/**
 * The `p`-th percentile (0–100) of `values`, interpolating between the two nearest ranks, so a
 * handful of interactive samples still gives a p95 that moves with the slowest of them rather
 * than jumping to the maximum. Undefined for an empty list.
 */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`p must be between 0 and 100, got ${p}`);
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const below = Math.floor(rank);
  const above = Math.ceil(rank);
  const low = sorted[below] as number;
  const high = sorted[above] as number;
  return low + (high - low) * (rank - below);
}
