#!/usr/bin/env node
// The command's entry point: plain JavaScript, so it exists from the moment the repository is
// cloned and npm can link it at install time; the command itself is compiled by `npm run build`.
import { access } from 'node:fs/promises';

const main = new URL('../dist/cli/main.js', import.meta.url);
try {
  await access(main);
} catch {
  process.stderr.write('bulk-assign is not built yet: run `npm run build` (or `npm start`) in the repository first.\n');
  process.exit(1);
}
await import(main.href);
