import type { TestProject } from 'vitest/node';
import { startAzurite, type RunningAzurite } from '../../tools/local-host/start-azurite.js';
import { HAVE_CHROMIUM, NO_CHROMIUM_MESSAGE } from './chromium-path.js';

let azurite: RunningAzurite | undefined;

/** Starts one Azurite for the run and hands its connection string to every test file. */
export async function setup(project: TestProject): Promise<void> {
  azurite = await startAzurite();
  project.provide('storageConnection', azurite.connection);
}

export async function teardown(): Promise<void> {
  await azurite?.stop();
  if (!HAVE_CHROMIUM) console.error(NO_CHROMIUM_MESSAGE);
}

declare module 'vitest' {
  export interface ProvidedContext {
    storageConnection: string;
  }
}
