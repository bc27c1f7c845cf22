import type { DisposableLike } from './core-api-types.js';

/**
 * The `Disposable` the worker exports from `@azure/functions-core`: `registerFunction` and
 * `registerHook` return one, and `app.hook.*` hands it straight back to user code.
 */
export class Disposable implements DisposableLike {
  static from(...items: DisposableLike[]): Disposable {
    return new Disposable(() => {
      for (const item of items) item.dispose();
    });
  }

  #onDispose: (() => unknown) | undefined;

  constructor(onDispose: () => unknown) {
    this.#onDispose = onDispose;
  }

  dispose(): unknown {
    const onDispose = this.#onDispose;
    this.#onDispose = undefined;
    return onDispose?.();
  }
}
