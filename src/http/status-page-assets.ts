import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

export interface StatusAsset {
  readonly body: string;
  readonly contentType: string;
  readonly etag: string;
}

/** The page's files, by the name the page asks for; nothing else is ever read. */
const ASSETS: Readonly<Record<string, { file: string; contentType: string }>> = {
  '': { file: 'index.html', contentType: 'text/html; charset=utf-8' },
  'status-page.js': { file: 'status-page.js', contentType: 'text/javascript; charset=utf-8' },
  'status-page.css': { file: 'status-page.css', contentType: 'text/css; charset=utf-8' },
};

/**
 * Only the page's own script and style run; it talks to this origin only and cannot be framed.
 * The page builds its DOM with text nodes, so this is a second line, not the only one.
 */
export const STATUS_PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const cache = new Map<string, StatusAsset>();

/**
 * The page's folder beside this module's: `src/status-page/` when tests run the source,
 * `dist/src/status-page/` (copied there by `npm run build`) in the app and its deployment package.
 */
const FOLDER = new URL('../status-page/', import.meta.url);

/** One of the status page's files (`''` is the page itself), read once per process, or undefined for any other name. */
export function statusAsset(name: string): StatusAsset | undefined {
  const asset = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
  if (!asset) return undefined;
  let found = cache.get(name);
  if (!found) {
    const body = readFileSync(new URL(asset.file, FOLDER), 'utf8');
    found = { body, contentType: asset.contentType, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` };
    cache.set(name, found);
  }
  return found;
}
