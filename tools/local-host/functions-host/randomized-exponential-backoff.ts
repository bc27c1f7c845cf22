/**
 * The polling delay of the Storage queue listener: after an empty poll the delay grows from the
 * minimum roughly like min + min·2ⁿ⁻¹ (randomized ±20 %) up to the maximum; the first empty poll
 * after a poll that found messages waits only the minimum again.
 */
export class RandomizedExponentialBackoff {
  static readonly randomizationFactor = 0.2;

  #current = 0;
  #exponent = 0;

  constructor(
    private readonly minMs: number,
    private readonly maxMs: number,
    private readonly random: () => number = Math.random,
  ) {
    if (minMs < 0 || maxMs < minMs) {
      throw new Error(`Back-off bounds must satisfy 0 <= min <= max, got min=${minMs} max=${maxMs}`);
    }
  }

  /** The next delay in ms; `foundWork` says whether anything was found since the previous delay. */
  next(foundWork: boolean): number {
    if (foundWork) {
      this.#current = this.minMs;
      this.#exponent = 1;
      return this.#current;
    }
    if (this.#current === this.maxMs) return this.#current;
    let candidate = this.minMs;
    if (this.#exponent > 0) {
      const factor = 1 + RandomizedExponentialBackoff.randomizationFactor * (2 * this.random() - 1);
      candidate += factor * 2 ** (this.#exponent - 1) * this.minMs;
    }
    if (candidate < this.maxMs) {
      this.#current = candidate;
      this.#exponent++;
    } else {
      this.#current = this.maxMs;
    }
    return this.#current;
  }
}
