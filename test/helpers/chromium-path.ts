import { existsSync } from 'node:fs';

/** Debian's Chromium (`apt-get install chromium`), which the browser tests drive; `.ci/run` installs it. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const HAVE_CHROMIUM = existsSync(CHROMIUM_PATH);

/** Said where it cannot be missed: at the top of the browser test file's output and after the run's summary. */
export const NO_CHROMIUM_MESSAGE = [
  '',
  '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
  `!! THE STATUS PAGE BROWSER TEST DID NOT RUN: no Chromium at ${CHROMIUM_PATH}.`,
  '!! Install it with `apt-get install -y chromium` (as .ci/run does), or set CHROMIUM_PATH.',
  '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
  '',
].join('\n');
