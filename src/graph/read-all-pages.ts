import { GraphReadError } from '../ports/graph-read-error.js';
import type { ApiVersion } from '../catalog/catalog-endpoints.js';
import type { GraphObject, GraphReadResult } from '../ports/graph-reader.js';
import type { GraphReadRequest } from '../ports/graph-read-transport.js';

/** Paging options shared by the readers. */
export interface ReadPagingOptions {
  /**
   * Pages one `list` follows at most. A collection that still has an `@odata.nextLink` after
   * that many is taken for a paging loop and the call throws; raise it for collections longer
   * than this many pages.
   * @default 1000
   */
  readonly maxPages?: number;
}

export const DEFAULT_MAX_PAGES = 1000;

/** Checks `maxPages` at construction, so a bad value fails at start-up, naming it. */
export function resolveMaxPages(options: ReadPagingOptions): number {
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  if (!Number.isSafeInteger(maxPages) || maxPages < 1) {
    throw new RangeError(`maxPages must be a whole number of at least 1, got ${String(maxPages)}`);
  }
  return maxPages;
}

/**
 * Reads every page of a collection with `fetchPage`, following `@odata.nextLink` until a page
 * has none. Checking where a link points is `fetchPage`'s job (the transport that holds the
 * token refuses links outside its Graph root). A refusal on any page is the answer; a link seen
 * twice, or more than `maxPages` pages, throws instead of reading forever.
 */
export async function readAllPages(
  fetchPage: (request: GraphReadRequest) => Promise<GraphReadResult<GraphObject>>,
  apiVersion: ApiVersion,
  path: string,
  maxPages: number,
): Promise<GraphReadResult<GraphObject[]>> {
  const items: GraphObject[] = [];
  const seen = new Set<string>();
  let nextLink: string | undefined;
  for (let page = 1; ; page++) {
    const result = await fetchPage(nextLink === undefined ? { apiVersion, path } : { apiVersion, path, nextLink });
    if (!result.ok) return result;
    const value = result.value['value'];
    if (!Array.isArray(value) || !value.every(isObject)) {
      throw new GraphReadError(`GET ${apiVersion} ${path} (page ${page}) is not a collection: expected "value" to be an array of objects.`, { retryable: false });
    }
    items.push(...value);
    const link = result.value['@odata.nextLink'];
    if (link === undefined || link === null) return { ok: true, value: items };
    if (typeof link !== 'string') {
      throw new GraphReadError(`GET ${apiVersion} ${path} (page ${page}) has an @odata.nextLink that is not a string.`, { retryable: false });
    }
    if (seen.has(link)) {
      throw new GraphReadError(`GET ${apiVersion} ${path}: page ${page} links back to an earlier page; stopped to avoid reading forever.`, { retryable: false });
    }
    if (page >= maxPages) {
      throw new GraphReadError(
        `GET ${apiVersion} ${path} has more than ${maxPages} pages; stopped to avoid a paging loop. Raise maxPages if the collection is really this long.`, { retryable: false });
    }
    seen.add(link);
    nextLink = link;
  }
}

function isObject(value: unknown): value is GraphObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
