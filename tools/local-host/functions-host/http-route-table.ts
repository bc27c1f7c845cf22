import type { RegisteredFunction } from './app-registrations.js';
import { parseRouteTemplate, type RouteTemplate } from './route-template.js';

/** One HTTP-triggered function as the router sees it. */
export interface HttpRoute {
  readonly fn: RegisteredFunction;
  readonly triggerName: string;
  readonly template: RouteTemplate;
  /** Upper-case methods; undefined means any method. */
  readonly methods: ReadonlySet<string> | undefined;
  /** Name of the `http` output binding (`$return` for a returned response). */
  readonly outputName: string | undefined;
}

export type RouteLookup =
  | { readonly kind: 'match'; readonly route: HttpRoute; readonly values: Record<string, string> }
  | { readonly kind: 'method-not-allowed'; readonly allow: readonly string[] }
  | { readonly kind: 'not-found' };

/**
 * The HTTP routes of an app, ordered by ASP.NET route precedence so that `jobs/stats` wins over
 * `jobs/{jobId}` whatever order the functions were registered in.
 */
export class HttpRouteTable {
  readonly routes: readonly HttpRoute[];

  constructor(functions: readonly RegisteredFunction[]) {
    const routes: HttpRoute[] = [];
    for (const fn of functions) {
      const entries = Object.entries(fn.metadata.bindings);
      const trigger = entries.find(([, b]) => b.type?.toLowerCase() === 'httptrigger');
      if (!trigger) continue;
      // `@azure/functions` names bindings itself (type plus a hash of the options, e.g.
      // `httpTrigger957542bc88`) and only accepts input data under that exact key.
      const [triggerName, binding] = trigger;
      const route = typeof binding['route'] === 'string' && binding['route'] !== '' ? binding['route'] : fn.metadata.name;
      const methods = Array.isArray(binding['methods']) && binding['methods'].length > 0
        ? new Set((binding['methods'] as unknown[]).map((m) => String(m).toUpperCase()))
        : undefined;
      // `app.http` always adds an `http` output under the key `$return` unless the app binds one itself.
      const output = entries.find(([, b]) => b.direction === 'out' && b.type?.toLowerCase() === 'http');
      routes.push({ fn, triggerName, template: parseRouteTemplate(route), methods, outputName: output?.[0] });
    }
    this.routes = routes.sort((a, b) => comparePrecedence(a.template.precedence, b.template.precedence));
  }

  lookup(method: string, segments: readonly string[]): RouteLookup {
    const allow = new Set<string>();
    for (const route of this.routes) {
      const values = route.template.match(segments);
      if (!values) continue;
      if (!route.methods || route.methods.has(method.toUpperCase())) return { kind: 'match', route, values };
      for (const m of route.methods) allow.add(m);
    }
    return allow.size > 0 ? { kind: 'method-not-allowed', allow: [...allow] } : { kind: 'not-found' };
  }
}

function comparePrecedence(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return b.length - a.length;
}
