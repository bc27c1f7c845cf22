/** Bounds on a submission; each is a positive integer. */
export interface SubmissionLimits {
  /** Most items in one job. @default 10000 */
  maxItems: number;
  /** Longest `ref` of an item, in characters. @default 200 */
  maxRefLength: number;
  /** Longest `label` of a job, in characters. @default 200 */
  maxLabelLength: number;
}

export const DEFAULT_SUBMISSION_LIMITS: Readonly<SubmissionLimits> = Object.freeze({
  maxItems: 10_000,
  maxRefLength: 200,
  maxLabelLength: 200,
});
