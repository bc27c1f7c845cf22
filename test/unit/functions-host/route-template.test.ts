import { describe, expect, it } from 'vitest';
import { parseRouteTemplate } from '../../../tools/local-host/functions-host/route-template.js';

const match = (template: string, path: string) => parseRouteTemplate(template).match(path.split('/').filter(Boolean));

describe('parseRouteTemplate', () => {
  it('extracts parameters and matches literals case-insensitively', () => {
    expect(match('jobs/{jobId}/items', 'JOBS/abc/Items')).toEqual({ jobId: 'abc' });
    expect(match('jobs/{jobId}/items', 'jobs/abc')).toBeUndefined();
    expect(match('jobs/{jobId}/items', 'jobs/abc/items/extra')).toBeUndefined();
  });

  it('leaves optional parameters out when absent and applies defaults', () => {
    expect(match('jobs/{jobId}/{view?}', 'jobs/a')).toEqual({ jobId: 'a' });
    expect(match('jobs/{jobId}/{view=summary}', 'jobs/a')).toEqual({ jobId: 'a', view: 'summary' });
  });

  it('checks inline constraints, including regex constraints with colons and braces', () => {
    expect(match('d/{id:guid}', 'd/3f2504e0-4f89-41d3-9a0c-0305e82c3301')).toBeDefined();
    expect(match('d/{id:guid}', 'd/x')).toBeUndefined();
    expect(match('n/{n:int:min(2)}', 'n/1')).toBeUndefined();
    expect(match('n/{n:int:min(2)}', 'n/2')).toEqual({ n: '2' });
    expect(match('t/{t:regex(^\\d{2}:\\d{2}$)}', 't/10:30')).toEqual({ t: '10:30' });
    expect(match('x/{x:somethingcustom}', 'x/any')).toEqual({ x: 'any' });
  });

  it('collects the rest of the path in a catch-all parameter', () => {
    expect(match('files/{*path}', 'files/a/b/c')).toEqual({ path: 'a/b/c' });
    expect(match('files/{*path}', 'files')).toEqual({});
  });

  it('ranks literal segments before constrained, plain and catch-all parameters', () => {
    const ranks = (t: string) => parseRouteTemplate(t).precedence;
    expect(ranks('jobs/stats')).toEqual([1, 1]);
    expect(ranks('jobs/{id:guid}')).toEqual([1, 3]);
    expect(ranks('jobs/{id}')).toEqual([1, 4]);
    expect(ranks('jobs/{*rest}')).toEqual([1, 5]);
  });
});
