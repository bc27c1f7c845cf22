import { describe, expect, it } from 'vitest';
import { describeProblem } from '../../../cli/service/describe-problem.js';

describe('describeProblem', () => {
  it('writes the title, the detail and each field error on its own line, located in the caller file', () => {
    const text = describeProblem(
      400,
      { title: 'The submission is invalid', detail: '2 error(s) in 1 item(s); nothing was queued.', errors: [{ index: 3, field: 'items[3].path', message: 'is required' }, { field: 'label', message: 'must be a string' }] },
      { locate: (i) => `line ${i + 2}` },
    );
    expect(text).toBe(
      ['The service answered 400: The submission is invalid. 2 error(s) in 1 item(s); nothing was queued.', '  - line 5: items[3].path: is required', '  - label: must be a string'].join('\n'),
    );
  });

  it('says what to do about a missing token, a missing role and a busy service', () => {
    expect(describeProblem(401, { title: 'Unauthorized', detail: 'A bearer token is required.' })).toMatch(/\nPass a token with --token .* or --scope/);
    expect(describeProblem(403, undefined)).toMatch(/^The service answered 403: not allowed\.\nYour token is valid but lacks the app role/);
    expect(describeProblem(503, { title: 'Graph is unavailable' }, { retryAfter: '7' })).toMatch(/\nTry again in 7 s\.$/);
  });

  it('counts the field errors it does not list', () => {
    const errors = Array.from({ length: 25 }, (_, i) => ({ index: i, field: `items[${i}].path`, message: 'is required' }));
    const text = describeProblem(400, { title: 'The submission is invalid', errors });
    expect(text.split('\n')).toHaveLength(22);
    expect(text).toMatch(/  - item 19: items\[19\]\.path: is required\n  … and 5 more\.$/);
  });
});
