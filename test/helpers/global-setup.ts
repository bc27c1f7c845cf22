import type { TestProject } from 'vitest/node';
import { startAzurite, type RunningAzurite } from '../../tools/local-host/start-azurite.js';

let azurite: RunningAzurite | undefined;

/** Starts one Azurite for the run and hands its connection string to every test file. */
export async function setup(project: TestProject): Promise<void> {
  azurite = await startAzurite();
  project.provide('storageConnection', azurite.connection);
}

export async function teardown(): Promise<void> {
  await azurite?.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    storageConnection: string;
  }
}
