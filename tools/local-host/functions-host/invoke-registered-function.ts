import type { RegisteredFunction } from './app-registrations.js';
import type {
  CoreInvocationContext,
  InvocationState,
  RpcInvocationRequest,
  RpcInvocationResponse,
  RpcLogCategory,
  RpcLogLevel,
} from './core-api-types.js';
import type { CoreApiShim } from './core-api-shim.js';
import type { LoadedFunctionApp } from './load-function-app.js';

/**
 * Runs one invocation through the app's programming model exactly as the Node.js worker does for
 * an `InvocationRequest`: `getInvocationModel` → `getArguments` → preInvocation hooks →
 * `invokeFunction` → postInvocation hooks → `getResponse`.
 *
 * Resolves with the RPC response the worker would send back to the host; rejects with the
 * handler's (or a hook's) error, which the host records as a failed invocation.
 */
export async function invokeRegisteredFunction(
  shim: CoreApiShim,
  app: LoadedFunctionApp,
  fn: RegisteredFunction,
  request: RpcInvocationRequest & { readonly invocationId: string },
): Promise<RpcInvocationResponse> {
  const registrations = app.registrations;
  return shim.runInApp(registrations, async () => {
    const name = fn.metadata.name;
    let invocationContext: unknown;
    const coreContext: CoreInvocationContext = {
      invocationId: request.invocationId,
      request,
      metadata: { ...fn.metadata, functionId: fn.metadata.functionId ?? name, directory: app.scriptRoot },
      state: undefined as InvocationState | undefined,
      log(level: RpcLogLevel, category: RpcLogCategory, message: string) {
        shim.emitLog(registrations, level, category, message, invocationContext, `[${name}] `);
      },
    };

    const model = app.programmingModel.getInvocationModel(coreContext);
    // InvocationContext logs after the handler settled are flagged by the library unless the
    // state says post-invocation hooks are running, hence the state bookkeeping below.
    const { context, inputs: initialInputs } = await model.getArguments();
    invocationContext = context;
    const hookData: Record<string, unknown> = {};

    const pre: Record<string, unknown> = {
      hookData,
      appHookData: registrations.appHookData,
      invocationContext: context,
      functionCallback: fn.callback,
      inputs: initialInputs,
    };
    await withState(coreContext, 'preInvocationHooks', () => registrations.runHooks('preInvocation', pre));

    // Hooks may replace the inputs and the handler (`PreInvocationContext.functionHandler`).
    const inputs = pre['inputs'] as unknown[];
    const callback = pre['functionCallback'] as RegisteredFunction['callback'];
    const post: Record<string, unknown> = {
      hookData,
      appHookData: registrations.appHookData,
      invocationContext: context,
      inputs,
      result: null,
      error: null,
    };
    await withState(coreContext, 'invocation', async () => {
      try {
        post['result'] = await model.invokeFunction(context, inputs, callback);
      } catch (error) {
        post['error'] = error;
      }
    });
    await withState(coreContext, 'postInvocationHooks', () => registrations.runHooks('postInvocation', post));

    // A postInvocation hook may clear or replace the error, or change the result.
    const error = post['error'];
    if (error !== null && error !== undefined) throw error;
    return model.getResponse(context, post['result']);
  });
}

async function withState(context: CoreInvocationContext, state: InvocationState, run: () => Promise<void>): Promise<void> {
  context.state = state;
  try {
    await run();
  } finally {
    context.state = undefined;
  }
}
