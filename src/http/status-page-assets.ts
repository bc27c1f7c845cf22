import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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
 * One of the status page's files (`''` is the page itself), read once per process, or undefined
 * for any other name. The files sit in `src/status-page/` of the app's root, the folder holding
 * `host.json`, both in the repository and in the deployment package, whether this module runs
 * compiled from `dist/` or from source in tests.
 */
export function statusAsset(name: string): StatusAsset | undefined {
  const asset = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
  if (!asset) return undefined;
  let found = cache.get(name);
  if (!found) {
    const body = readFileSync(join(appRoot(), 'src', 'status-page', asset.file), 'utf8');
    found = { body, contentType: asset.contentType, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` };
    cache.set(name, found);
  }
  return found;
}

function appRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'host.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('status page: no host.json above this module, so the app root is unknown');
    dir = parent;
  }
  return dir;
}
