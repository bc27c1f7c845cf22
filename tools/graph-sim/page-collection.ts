import type { Lookup } from './policy-store.js';

export interface CollectionPage<T> {
  readonly value: T[];
  readonly '@odata.nextLink'?: string;
}

/**
 * One page of `items`, Graph style: `$top` sets the page size, `$skiptoken` (opaque to clients,
 * an offset here) says where the page starts, and `@odata.nextLink` is present exactly when more
 * items follow. `selfUrl` is the absolute URL of the collection, without query.
 */
export function pageCollection<T>(items: readonly T[], query: URLSearchParams, selfUrl: string, defaultPageSize: number): Lookup<CollectionPage<T>> {
  const topText = query.get('$top');
  const skipText = query.get('$skiptoken');
  const top = topText === null ? defaultPageSize : Number(topText);
  if (!Number.isInteger(top) || top < 1) {
    return { ok: false, message: `Invalid value '${topText ?? ''}' for query option '$top': expected a positive integer.` };
  }
  const offset = skipText === null ? 0 : Number(skipText);
  if (!Number.isInteger(offset) || offset < 0) {
    return { ok: false, message: `The skip token '${skipText ?? ''}' is not valid.` };
  }
  const end = offset + top;
  const value = items.slice(offset, end);
  if (end >= items.length) return { ok: true, value: { value } };
  // Written by hand: URLSearchParams would escape '$', and Graph's links keep it literal.
  const topPart = topText === null ? '' : `$top=${top}&`;
  return { ok: true, value: { value, '@odata.nextLink': `${selfUrl}?${topPart}$skiptoken=${end}` } };
}
