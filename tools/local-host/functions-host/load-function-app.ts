import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { AppRegistrations } from './app-registrations.js';
import type { ProgrammingModel } from './core-api-types.js';
import type { CoreApiShim } from './core-api-shim.js';
import { expandMainGlob } from './expand-main-glob.js';
import type { HostLog } from './host-log.js';

/** A function app whose entry points have run and whose registrations are final. */
export interface LoadedFunctionApp {
  readonly scriptRoot: string;
  readonly entryFiles: readonly string[];
  readonly registrations: AppRegistrations;
  readonly programmingModel: ProgrammingModel;
}

/**
 * Capabilities the Node.js worker (v3) announces to the host. They decide the shape of what the
 * host sends: `RawHttpBodyBytes` + `RpcHttpBodyOnly` mean an HTTP body always arrives as bytes,
 * `UseNullableValueDictionaryForHttp` means headers/query/params come as `nullable*` maps. The
 * library may add its own (for example `HttpUri` when HTTP streaming is on).
 */
const workerCapabilities: Readonly<Record<string, string>> = {
  RawHttpBodyBytes: 'true',
  RpcHttpTriggerMetadataRemoved: 'true',
  RpcHttpBodyOnly: 'true',
  IgnoreEmptyValuedRpcHttpHeaders: 'true',
  UseNullableValueDictionaryForHttp: 'true',
  WorkerStatus: 'true',
  TypedDataCollection: 'true',
  HandlesWorkerTerminateMessage: 'true',
};

/**
 * Loads an app the way the worker does: read package.json `main` (a path or glob), import each
 * entry file in order, collect what it registered, ask the programming model for its
 * capabilities (which also locks `app.setup`), then run `appStart` hooks.
 */
export async function loadFunctionApp(options: {
  readonly scriptRoot: string;
  readonly shim: CoreApiShim;
  readonly log: HostLog;
}): Promise<LoadedFunctionApp> {
  const { scriptRoot, shim, log } = options;
  const packageJsonPath = path.join(scriptRoot, 'package.json');
  let main: unknown;
  try {
    main = (JSON.parse(await readFile(packageJsonPath, 'utf8')) as { main?: unknown }).main;
  } catch (error) {
    throw new Error(`Cannot read ${packageJsonPath}: ${(error as Error).message}`);
  }
  if (typeof main !== 'string' || main.trim() === '') {
    throw new Error(`${packageJsonPath} has no "main" naming the app's entry point(s)`);
  }

  const entryFiles = await expandMainGlob(scriptRoot, main);
  if (entryFiles.length === 0) {
    throw new Error(`package.json "main" (${main}) matched no files under ${scriptRoot}; build the app first`);
  }

  const registrations = new AppRegistrations(scriptRoot, log);
  for (const file of entryFiles) {
    try {
      await shim.loadEntryPoint(registrations, file, () => import(pathToFileURL(file).href));
    } catch (error) {
      const reason = error instanceof Error ? (error.stack ?? error.message) : String(error);
      throw new Error(`Worker was unable to load entry point "${path.relative(scriptRoot, file)}": ${reason}`);
    }
  }

  const programmingModel = shim.programmingModel;
  if (!programmingModel || registrations.functions.length === 0) {
    throw new Error(
      `No functions were registered by ${entryFiles.map((f) => path.relative(scriptRoot, f)).join(', ')}. ` +
        `If "@azure/functions" ran before the local host installed its core API, the library is in ` +
        `"test mode" for the rest of the process and skips every registration.`,
    );
  }

  const capabilities = await shim.runInApp(registrations, () =>
    programmingModel.getCapabilities ? programmingModel.getCapabilities({ ...workerCapabilities }) : workerCapabilities,
  );
  if (capabilities['HttpUri']) {
    throw new Error('HTTP streaming (app.setup({ enableHttpStream: true })) is not supported by the local host');
  }

  shim.markStarted(registrations);
  await shim.runInApp(registrations, () =>
    registrations.runHooks('appStart', {
      hookData: registrations.appHookData,
      appHookData: registrations.appHookData,
      functionAppDirectory: scriptRoot,
    }),
  );

  return { scriptRoot, entryFiles, registrations, programmingModel };
}
