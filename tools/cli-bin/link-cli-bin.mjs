// Runs as the `prepare` script after `npm ci` / `npm install` in this repository. npm links the
// `bin` of dependencies into node_modules/.bin, but not the repository's own; npm 11's npx finds
// the own bin by itself, npm 10's does not. This link makes `npx bulk-assign` work with both.
import { mkdir, rm, symlink } from 'node:fs/promises';

const bin = new URL('../../node_modules/.bin/', import.meta.url);
await mkdir(bin, { recursive: true });
const link = new URL('bulk-assign', bin);
await rm(link, { force: true });
await symlink('../../cli/bulk-assign.js', link);
