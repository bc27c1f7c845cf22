import azf from '@azure/functions';
import { describe, expect, it } from 'vitest';
import { readPaging } from '../../../src/http/read-paging.js';
import { readRouteId } from '../../../src/http/read-route-id.js';
import { checkOffsetPageToken } from '../../../src/memory/check-offset-page-token.js';
import { checkTablePageToken } from '../../../src/storage/read-table-page.js';
import { InvalidPageTokenError } from '../../../src/ports/invalid-page-token-error.js';

const request = (params: Record<string, string>, query = '') =>
  new azf.HttpRequest({ method: 'GET', url: `http://localhost/api/jobs?${query}`, params });
const tableToken = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64');

describe('readRouteId', () => {
  it('accepts the ids the service issues', () => {
    expect(readRouteId(request({ jobId: '3f0c2a9e-4b1d-4c55-9a8e-0d4c1b2a3f4e' }), 'jobId')).toEqual({ ok: true, value: '3f0c2a9e-4b1d-4c55-9a8e-0d4c1b2a3f4e' });
    expect(readRouteId(request({ reconciliationId: '20261122T020000123Z-1a2b3c4d' }), 'reconciliationId')).toMatchObject({ ok: true });
  });

  it.each([
    ['a decoded slash', 'a/b'],
    ['a decoded parent segment', '../jobs'],
    ['a backslash', 'a\\b'],
    ['a quote', "a'b"],
    ['16,000 characters', 'x'.repeat(16_000)],
    ['nothing', ''],
  ])('refuses %s with a 400 naming the parameter', (_, value) => {
    const result = readRouteId(request({ jobId: value }), 'jobId');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.response.status).toBe(400);
    expect(result.response.jsonBody).toMatchObject({ title: 'Invalid jobId', errors: [{ field: 'jobId' }] });
    expect(String((result.response.jsonBody as { detail: string }).detail).length).toBeLessThan(200);
  });
});

describe('continuation tokens', () => {
  it('refuses text that cannot be a token before any store sees it', () => {
    for (const token of ['a b', '{"x":1}', 'x'.repeat(2049)]) {
      const result = readPaging(request({}, `continuationToken=${encodeURIComponent(token)}`), 10);
      expect(result.ok, token.slice(0, 20)).toBe(false);
    }
  });

  it('accepts Table tokens in the encodings of Azure and of Azurite', () => {
    const azure = tableToken({ nextPartitionKey: '1!8!cmVjZW50', nextRowKey: '1!24!ODIwMDAwMDAwMDAwMC1hYmM-' });
    expect(checkTablePageToken(azure)).toBe(azure);
    expect(checkTablePageToken(tableToken({ nextPartitionKey: 'cmVjZW50' }))).toBeTruthy();
  });

  it.each([
    ['garbage', 'garbage'],
    ['null', 'null'],
    ['truncated base64', tableToken({ nextPartitionKey: 'recent', nextRowKey: 'r' }).slice(0, 21)],
    ['base64 of text', Buffer.from('hello').toString('base64')],
    ['base64 of null', tableToken(null)],
    ['no partition', tableToken({ nextRowKey: 'r' })],
    ['a key outside the encoding', tableToken({ nextPartitionKey: 'recent', nextRowKey: "a'b#?" })],
    ['extra fields', tableToken({ nextPartitionKey: 'recent', nextRowKey: 'r', filter: 'x' })],
  ])('refuses %s', (_, token) => {
    expect(() => checkTablePageToken(token)).toThrow(InvalidPageTokenError);
  });

  it('refuses memory offsets that are not numbers or lie past the end', () => {
    expect(checkOffsetPageToken('20', 40)).toBe(20);
    expect(() => checkOffsetPageToken('-1', 40)).toThrow(InvalidPageTokenError);
    expect(() => checkOffsetPageToken('41', 40)).toThrow(InvalidPageTokenError);
    expect(() => checkOffsetPageToken('garbage', 40)).toThrow(InvalidPageTokenError);
  });
});
