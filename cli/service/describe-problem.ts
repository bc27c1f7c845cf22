/** An RFC 9457 problem as the service writes it; every field may be missing from a proxy's answer. */
export interface ProblemDetails {
  readonly type?: string;
  readonly title?: string;
  readonly status?: number;
  readonly detail?: string;
  readonly errors?: ReadonlyArray<{ index?: number; field?: string; message?: string }>;
  readonly [extension: string]: unknown;
}

/** Says where an item came from in the caller's file: `line 7 (ref change-3)`. */
export type ItemLocator = (index: number) => string | undefined;

const MAX_LISTED = 20;

/**
 * Turns a refusal into sentences a person can act on: what was refused and why, each field
 * error on its own line (with the file line it came from when the caller knows it), and what
 * to do for the statuses that have an obvious next step.
 */
export function describeProblem(status: number, problem: ProblemDetails | undefined, options: { retryAfter?: string | null; locate?: ItemLocator } = {}): string {
  const title = problem?.title ?? statusTitle(status);
  const lines = [`The service answered ${status}: ${title}.${problem?.detail ? ` ${problem.detail}` : ''}`];
  const errors = problem?.errors ?? [];
  for (const error of errors.slice(0, MAX_LISTED)) {
    const where = error.index !== undefined ? (options.locate?.(error.index) ?? `item ${error.index}`) : undefined;
    const field = error.field ? `${error.field}: ` : '';
    lines.push(`  - ${where ? `${where}: ` : ''}${field}${error.message ?? 'is invalid'}`);
  }
  if (errors.length > MAX_LISTED) lines.push(`  … and ${errors.length - MAX_LISTED} more.`);
  const hint = nextStep(status, options.retryAfter);
  if (hint) lines.push(hint);
  return lines.join('\n');
}

function nextStep(status: number, retryAfter: string | null | undefined): string | undefined {
  switch (status) {
    case 401:
      return 'Pass a token with --token (or BULK_ASSIGN_TOKEN), or --scope to get one with your Azure sign-in.';
    case 403:
      return 'Your token is valid but lacks the app role this needs (BulkAssign.Read, Write or Admin); ask an owner of the app to assign it.';
    case 503:
    case 429:
      return retryAfter ? `Try again in ${retryAfter} s.` : 'Try again in a moment.';
    default:
      return undefined;
  }
}

function statusTitle(status: number): string {
  if (status === 401) return 'not signed in';
  if (status === 403) return 'not allowed';
  if (status === 404) return 'not found';
  if (status >= 500) return 'the service failed';
  return 'the request was refused';
}
