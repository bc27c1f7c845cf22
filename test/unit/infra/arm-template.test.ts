import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { poisonQueueName } from '../../../src/config/app-config.js';
import { loadConfig } from '../../../src/config/load-config.js';
import { parseRate } from '../../../src/model/rate.js';
import { NAME_PREFIX, storageNames } from '../../../src/config/storage-names.js';
import {
  STAND_IN,
  allStrings,
  calledFunctions,
  evaluateValue,
  isExpression,
  parseExpression,
  resourceIdOf,
  typeOfResourceId,
  type EvaluationContext,
  type FunctionCall,
  type Json,
} from './arm-expressions.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const TEMPLATE_TEXT = readFileSync(join(ROOT, 'infra', 'main.json'), 'utf8');
const template = JSON.parse(TEMPLATE_TEXT) as Record<string, Json>;

type JsonObject = { [key: string]: Json };
interface ParameterDeclaration {
  type: string;
  defaultValue?: Json;
  allowedValues?: Json[];
  minLength?: number;
  maxLength?: number;
  minValue?: number;
  maxValue?: number;
  metadata?: { description?: string };
}
interface ResourceDeclaration {
  type: string;
  apiVersion: string;
  name: string;
  location?: string;
  copy?: { name: string; count: Json };
  dependsOn?: string[];
  properties?: Json;
  identity?: Json;
  sku?: Json;
  kind?: string;
  resources?: unknown;
}

const parameters = template.parameters as unknown as Record<string, ParameterDeclaration>;
const variables = (template.variables ?? {}) as JsonObject;
const resources = template.resources as unknown as ResourceDeclaration[];
const outputs = template.outputs as unknown as Record<string, { type: string; value: Json }>;

/** One resource as a deployment would create it: copy loops expanded, expressions evaluated. */
interface Deployed {
  readonly declaration: ResourceDeclaration;
  readonly type: string;
  readonly name: string;
  readonly id: string;
  readonly apiVersion: string;
  readonly copyName: string | undefined;
  readonly location: unknown;
  readonly properties: any;
  readonly identity: any;
  readonly sku: any;
  readonly dependsOn: string[];
  /** reference() and list*() calls made while evaluating this resource. */
  readonly calls: FunctionCall[];
}

interface Deployment {
  readonly parameters: Record<string, unknown>;
  readonly resources: Deployed[];
  readonly outputs: Record<string, unknown>;
  readonly outputCalls: FunctionCall[];
}

const PARAMETER_TYPES = ['string', 'securestring', 'int', 'bool', 'object', 'secureobject', 'array'];
const MANAGEMENT_API_VERSION = /^\d{4}-\d{2}-\d{2}(-preview)?$/;

function context(parameterValues: Record<string, unknown>, cache: Map<string, unknown>, calls: FunctionCall[], copyIndex?: number): EvaluationContext {
  return { parameters: parameterValues, variables, calls, variableCache: cache, copyIndex };
}

function checkParameterValue(name: string, declaration: ParameterDeclaration, value: unknown): void {
  const type = declaration.type.toLowerCase();
  const ok = {
    string: typeof value === 'string',
    securestring: typeof value === 'string',
    int: Number.isInteger(value),
    bool: typeof value === 'boolean',
    object: typeof value === 'object' && value !== null && !Array.isArray(value),
    secureobject: typeof value === 'object' && value !== null && !Array.isArray(value),
    array: Array.isArray(value),
  }[type];
  if (!ok) throw new Error(`parameter ${name} of type ${declaration.type} got ${JSON.stringify(value)}`);
  if (declaration.allowedValues && !declaration.allowedValues.some((allowed) => JSON.stringify(allowed) === JSON.stringify(value))) {
    throw new Error(`parameter ${name}: ${JSON.stringify(value)} is not one of its allowedValues`);
  }
  if (typeof value === 'string' || Array.isArray(value)) {
    if (declaration.minLength !== undefined && value.length < declaration.minLength) throw new Error(`parameter ${name} is shorter than minLength`);
    if (declaration.maxLength !== undefined && value.length > declaration.maxLength) throw new Error(`parameter ${name} is longer than maxLength`);
  }
  if (typeof value === 'number') {
    if (declaration.minValue !== undefined && value < declaration.minValue) throw new Error(`parameter ${name} is below minValue`);
    if (declaration.maxValue !== undefined && value > declaration.maxValue) throw new Error(`parameter ${name} is above maxValue`);
  }
}

/** Evaluates the template as ARM would for the given parameter values (defaults for the rest). */
function deploy(given: Record<string, unknown> = {}): Deployment {
  for (const name of Object.keys(given)) if (!(name in parameters)) throw new Error(`no parameter ${name}`);
  const parameterValues: Record<string, unknown> = {};
  for (const [name, declaration] of Object.entries(parameters)) {
    if (name in given) {
      parameterValues[name] = given[name];
    } else if (declaration.defaultValue !== undefined) {
      // A default may use template functions, but neither parameters nor variables it cannot see yet.
      parameterValues[name] = evaluateValue(declaration.defaultValue, context({}, new Map(), []));
    } else {
      throw new Error(`parameter ${name} has no value and no default`);
    }
    checkParameterValue(name, declaration, parameterValues[name]);
  }

  const cache = new Map<string, unknown>();
  const deployed: Deployed[] = [];
  for (const declaration of resources) {
    const loopCalls: FunctionCall[] = [];
    const count = declaration.copy ? evaluateValue(declaration.copy.count, context(parameterValues, cache, loopCalls)) : 1;
    if (!Number.isInteger(count) || (count as number) < 0) throw new Error(`copy count of ${declaration.type} is ${JSON.stringify(count)}`);
    for (let i = 0; i < (count as number); i++) {
      const calls: FunctionCall[] = [];
      const ctx = context(parameterValues, cache, calls, declaration.copy ? i : undefined);
      const name = evaluateValue(declaration.name, ctx);
      if (typeof name !== 'string') throw new Error(`name of ${declaration.type} is not a string`);
      deployed.push({
        declaration,
        type: declaration.type,
        name,
        id: resourceIdOf(declaration.type, name.split('/')),
        apiVersion: declaration.apiVersion,
        copyName: declaration.copy?.name,
        location: declaration.location === undefined ? undefined : evaluateValue(declaration.location, ctx),
        properties: declaration.properties === undefined ? undefined : evaluateValue(declaration.properties, ctx),
        identity: declaration.identity === undefined ? undefined : evaluateValue(declaration.identity, ctx),
        sku: declaration.sku === undefined ? undefined : evaluateValue(declaration.sku, ctx),
        dependsOn: (declaration.dependsOn ?? []).map((entry) => String(evaluateValue(entry, ctx))),
        calls,
      });
    }
  }

  const outputCalls: FunctionCall[] = [];
  const outputValues = Object.fromEntries(
    Object.entries(outputs ?? {}).map(([name, output]) => [name, evaluateValue(output.value, context(parameterValues, cache, outputCalls))]),
  );
  return { parameters: parameterValues, resources: deployed, outputs: outputValues, outputCalls };
}

function ofType(deployment: Deployment, type: string): Deployed[] {
  return deployment.resources.filter((r) => r.type.toLowerCase() === type.toLowerCase());
}

function single(deployment: Deployment, type: string): Deployed {
  const found = ofType(deployment, type);
  expect(found, `exactly one ${type}`).toHaveLength(1);
  return found[0]!;
}

function lastSegment(resource: Deployed): string {
  return resource.name.split('/').at(-1)!;
}

function appSettings(deployment: Deployment): Record<string, string> {
  const site = single(deployment, 'Microsoft.Web/sites');
  const list = site.properties.siteConfig.appSettings as { name: string; value: unknown }[];
  const names = list.map((s) => s.name);
  expect(new Set(names).size, `app setting names are unique: ${names.join(', ')}`).toBe(names.length);
  return Object.fromEntries(list.map((s) => {
    expect(typeof s.value, `app setting ${s.name} is a string`).toBe('string');
    return [s.name, s.value as string];
  }));
}

/** Setting names loadConfig reads from `env`, recorded through a Proxy. */
function settingsReadBy(env: Record<string, string>): Set<string> {
  const read = new Set<string>();
  const recorder = new Proxy(env, {
    get(target, key, receiver) {
      if (typeof key === 'string') read.add(key);
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
  loadConfig(recorder);
  return read;
}

/** The queue, table and container names the app derives from a prefix, from the app's own code. */
function namesTheAppUses(prefix: string): { queues: string[]; tables: string[]; containers: string[] } {
  const queues: string[] = [];
  const tables: string[] = [];
  const containers: string[] = [];
  for (const [key, name] of Object.entries(storageNames(prefix))) {
    if (key.endsWith('Queue')) queues.push(name);
    else if (key.endsWith('Table')) tables.push(name);
    else if (key.endsWith('Container')) containers.push(name);
    else throw new Error(`storageNames().${key} is neither a queue, a table nor a container: teach this test about it`);
  }
  const names = storageNames(prefix);
  // The two lanes' poison queues, which the drain functions listen on.
  queues.push(poisonQueueName(names.interactiveQueue), poisonQueueName(names.bulkQueue));
  // The desired-state container's default comes from loadConfig, not storageNames.
  containers.push(loadConfig({ AzureWebJobsStorage: 'UseDevelopmentStorage=true', BULK_ASSIGN_NAME_PREFIX: prefix }).reconcile.desiredStateContainer);
  return { queues: queues.sort(), tables: tables.sort(), containers: containers.sort() };
}

/** Evaluated on first use, so a template that fails to evaluate fails the tests that need it, by name. */
function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}

const defaults = once(() => deploy());
const custom = once(() => deploy({
  namePrefix: 'contoso7',
  location: 'northeurope',
  graphWriteBudget: '50/20s',
  graphReadBudget: '500/20s',
  reconcileSchedule: '0 30 3 * * *',
  eventRulesPath: 'config/event-rules.json',
  maximumInstances: 2,
}));

describe('infra/main.json is a well-formed ARM template', () => {
  it('declares the 2019-04-01 deployment template schema, a content version and only known sections', () => {
    expect(template.$schema).toBe('https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#');
    expect(template.contentVersion).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    const sections = ['$schema', 'contentVersion', 'apiProfile', 'metadata', 'parameters', 'functions', 'variables', 'resources', 'outputs'];
    for (const key of Object.keys(template)) expect(sections, `top-level section ${key}`).toContain(key);
    expect(Array.isArray(template.resources)).toBe(true);
  });

  it('types every parameter, describes it, and gives defaults that satisfy its own constraints', () => {
    expect(Object.keys(parameters).length).toBeGreaterThan(0);
    for (const [name, declaration] of Object.entries(parameters)) {
      expect(PARAMETER_TYPES, `type of parameter ${name}`).toContain(declaration.type.toLowerCase());
      expect(declaration.metadata?.description, `description of parameter ${name}`).toBeTruthy();
      // A default is what `az deployment group create` uses when nothing is passed; deploy() checks each.
      expect(declaration.defaultValue, `default of parameter ${name}`).not.toBeUndefined();
    }
    expect(() => deploy()).not.toThrow();
  });

  it('takes no secrets: no secure parameters, and the names the app needs are parameters', () => {
    for (const [name, declaration] of Object.entries(parameters)) {
      expect(declaration.type.toLowerCase(), `parameter ${name}`).not.toMatch(/^secure/);
    }
    for (const name of ['namePrefix', 'location', 'graphWriteBudget', 'graphReadBudget', 'reconcileSchedule', 'eventRulesPath']) {
      expect(Object.keys(parameters)).toContain(name);
    }
  });

  it('parses every expression, and uses only functions the checks here understand', () => {
    const expressions = allStrings(template as Json).filter((s) => isExpression(s.text));
    expect(expressions.length).toBeGreaterThan(20);
    for (const { path, text } of expressions) {
      expect(() => parseExpression(text), path).not.toThrow();
    }
  });

  it('resolves every parameters() and variables() reference to a declaration', () => {
    const referenced = { parameters: new Set<string>(), variables: new Set<string>() };
    for (const { path, text } of allStrings(template as Json)) {
      for (const match of text.matchAll(/\b(parameters|variables)\s*\(\s*'([^']*)'\s*\)/gi)) {
        const kind = match[1]!.toLowerCase() as 'parameters' | 'variables';
        const name = match[2]!;
        referenced[kind].add(name);
        const declared = kind === 'parameters' ? parameters : variables;
        expect(Object.keys(declared), `${kind}('${name}') at ${path}`).toContain(name);
      }
    }
    // Nothing is declared and then forgotten.
    expect([...referenced.parameters].sort()).toEqual(Object.keys(parameters).sort());
    expect([...referenced.variables].sort()).toEqual(Object.keys(variables).sort());
  });

  it('keeps reference() and list*() out of variables and parameter defaults, where ARM does not allow them', () => {
    const places: [string, Json][] = [
      ...Object.entries(variables).map(([name, value]): [string, Json] => [`variables.${name}`, value]),
      ...Object.entries(parameters).map(([name, p]): [string, Json] => [`parameters.${name}.defaultValue`, p.defaultValue ?? null]),
    ];
    for (const [place, value] of places) {
      for (const { text } of allStrings(value).filter((s) => isExpression(s.text))) {
        const functions = calledFunctions(parseExpression(text));
        expect(functions.filter((f) => f === 'reference' || f.startsWith('list')), place).toEqual([]);
      }
    }
    for (const [name, p] of Object.entries(parameters)) {
      for (const { text } of allStrings(p.defaultValue ?? null).filter((s) => isExpression(s.text))) {
        expect(calledFunctions(parseExpression(text)), `default of ${name}`).not.toContain('parameters');
        expect(calledFunctions(parseExpression(text)), `default of ${name}`).not.toContain('variables');
      }
    }
  });

  it('gives every resource a type, an API version and a name whose segments match the type', () => {
    expect(resources.length).toBeGreaterThan(0);
    for (const declaration of resources) {
      expect(declaration.type, JSON.stringify(declaration).slice(0, 80)).toMatch(/^[A-Za-z]+\.[A-Za-z.]+(\/[A-Za-z]+)+$/);
      expect(declaration.apiVersion, declaration.type).toMatch(MANAGEMENT_API_VERSION);
      expect(typeof declaration.name, declaration.type).toBe('string');
      expect(declaration.resources, `${declaration.type} declares no nested resources`).toBeUndefined();
    }
    for (const deployment of [defaults(), custom()]) {
      // deploy() builds each id from type and name, and throws when their segment counts differ.
      const ids = deployment.resources.map((r) => r.id.toLowerCase());
      expect(new Set(ids).size, 'resource ids are unique').toBe(ids.length);
    }
  });

  it('places every top-level resource in the location parameter', () => {
    for (const resource of defaults().resources.filter((r) => r.type.split('/').length === 2)) {
      expect(resource.declaration.location, resource.type).toBe("[parameters('location')]");
    }
    for (const resource of custom().resources.filter((r) => r.type.split('/').length === 2)) {
      expect(resource.location, resource.type).toBe('northeurope');
    }
  });

  it('makes every dependency point at a declared resource or copy loop, and every child depend on its parent', () => {
    const ids = new Set(defaults().resources.map((r) => r.id.toLowerCase()));
    const loops = new Set(resources.flatMap((r) => (r.copy ? [r.copy.name] : [])));
    for (const resource of defaults().resources) {
      for (const entry of resource.dependsOn) {
        expect(ids.has(entry.toLowerCase()) || loops.has(entry), `${resource.name} depends on ${entry}`).toBe(true);
      }
      const segments = resource.id.split('/');
      if (resource.type.split('/').length > 2) {
        const parent = segments.slice(0, -2).join('/');
        expect(ids.has(parent.toLowerCase()), `parent of ${resource.name} is declared`).toBe(true);
        expect(resource.dependsOn.map((d) => d.toLowerCase()), `${resource.name} depends on its parent`).toContain(parent.toLowerCase());
      }
    }
  });

  it('makes every resource that reads another through reference() or listKeys() depend on it, at its own API version', () => {
    const byId = new Map(defaults().resources.map((r) => [r.id.toLowerCase(), r]));
    for (const resource of defaults().resources) {
      for (const { name, args } of resource.calls) {
        const target = byId.get(String(args[0]).toLowerCase());
        expect(target, `${name}(${String(args[0])}) in ${resource.name} names a declared resource`).toBeDefined();
        expect(resource.dependsOn.map((d) => d.toLowerCase()), `${resource.name} depends on what it reads`).toContain(target!.id.toLowerCase());
        expect(args[1], `${name} on ${target!.type} uses the API version the template deploys it with`).toBe(target!.apiVersion);
      }
    }
    for (const { name, args } of defaults().outputCalls) {
      const target = byId.get(String(args[0]).toLowerCase());
      expect(target, `${name}(${String(args[0])}) in outputs names a declared resource`).toBeDefined();
      expect(args[1]).toBe(target!.apiVersion);
    }
  });

  it('outputs the function app name, its default host name and the storage account name', () => {
    for (const name of ['functionAppName', 'defaultHostName', 'storageAccountName']) {
      expect(outputs[name]?.type, `output ${name}`).toBe('string');
    }
    const site = single(defaults(), 'Microsoft.Web/sites');
    expect(defaults().outputs.functionAppName).toBe(site.name);
    expect(defaults().outputs.defaultHostName).toBe(`${site.name}.azurewebsites.net`);
    expect(defaults().outputs.storageAccountName).toBe(single(defaults(), 'Microsoft.Storage/storageAccounts').name);
    expect(defaults().outputs.graphIdentityPrincipalId).toBe(STAND_IN.principalId);
    expect(defaults().outputCalls.map((c) => c.name)).not.toContain('listkeys');
  });
});

describe('the storage the app uses', () => {
  it('defaults the prefix to what the app itself defaults to, in a shape the app accepts', () => {
    const prefix = defaults().parameters.namePrefix as string;
    expect(prefix).toMatch(NAME_PREFIX);
    const appDefault = loadConfig({ AzureWebJobsStorage: 'UseDevelopmentStorage=true' }).names;
    expect(appDefault).toEqual(storageNames(prefix));
    expect(parameters.namePrefix!.minLength).toBe(3);
    expect(parameters.namePrefix!.maxLength).toBe(30);
  });

  for (const [label, deploymentOf] of [['default parameters', defaults], ['a custom prefix', custom]] as const) {
    it(`creates exactly the queues, tables and containers the app derives from the prefix (${label})`, () => {
      const deployment = deploymentOf();
      const expected = namesTheAppUses(deployment.parameters.namePrefix as string);
      const created = {
        queues: ofType(deployment, 'Microsoft.Storage/storageAccounts/queueServices/queues').map(lastSegment).sort(),
        tables: ofType(deployment, 'Microsoft.Storage/storageAccounts/tableServices/tables').map(lastSegment).sort(),
        containers: ofType(deployment, 'Microsoft.Storage/storageAccounts/blobServices/containers').map(lastSegment).sort(),
      };
      expect(created).toEqual(expected);
      const account = single(deployment, 'Microsoft.Storage/storageAccounts').name;
      for (const type of ['queueServices/queues', 'tableServices/tables', 'blobServices/containers']) {
        for (const resource of ofType(deployment, `Microsoft.Storage/storageAccounts/${type}`)) {
          expect(resource.name.split('/').slice(0, 2), resource.name).toEqual([account, 'default']);
        }
      }
    });
  }

  it('creates those names in shapes Azure Storage accepts', () => {
    for (const deployment of [defaults(), custom()]) {
      for (const q of ofType(deployment, 'Microsoft.Storage/storageAccounts/queueServices/queues').map(lastSegment)) {
        expect(q).toMatch(/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/);
      }
      for (const t of ofType(deployment, 'Microsoft.Storage/storageAccounts/tableServices/tables').map(lastSegment)) {
        expect(t).toMatch(/^[A-Za-z][A-Za-z0-9]{2,62}$/);
      }
      for (const c of ofType(deployment, 'Microsoft.Storage/storageAccounts/blobServices/containers').map(lastSegment)) {
        expect(c).toMatch(/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/);
      }
    }
  });

  it('makes a StorageV2 account: https only, TLS 1.2, no public blob access, shared keys on for the connection string', () => {
    for (const deployment of [defaults(), custom()]) {
      const account = single(deployment, 'Microsoft.Storage/storageAccounts');
      expect(account.name).toMatch(/^[a-z0-9]{3,24}$/);
      expect(account.declaration.kind).toBe('StorageV2');
      expect(account.properties).toMatchObject({
        supportsHttpsTrafficOnly: true,
        minimumTlsVersion: 'TLS1_2',
        allowBlobPublicAccess: false,
        allowSharedKeyAccess: true,
      });
      for (const container of ofType(deployment, 'Microsoft.Storage/storageAccounts/blobServices/containers')) {
        expect(container.properties.publicAccess, container.name).toBe('None');
      }
    }
  });
});

describe('the function app', () => {
  const siteOf = once(() => single(defaults(), 'Microsoft.Web/sites'));
  const settingsOf = once(() => appSettings(defaults()));

  it('runs Node 20 on Functions v4 in a Consumption (Y1, Windows) plan, https only', () => {
    const site = siteOf();
    const settings = settingsOf();
    expect(site.declaration.kind).toBe('functionapp');
    expect(site.properties.httpsOnly).toBe(true);
    expect(site.properties.siteConfig.minTlsVersion).toBe('1.2');
    const plan = single(defaults(), 'Microsoft.Web/serverfarms');
    expect(plan.sku).toMatchObject({ name: 'Y1', tier: 'Dynamic' });
    expect(plan.properties.reserved).toBe(false);
    expect(site.properties.serverFarmId).toBe(plan.id);
    expect(settings.FUNCTIONS_WORKER_RUNTIME).toBe('node');
    expect(settings.FUNCTIONS_EXTENSION_VERSION).toBe('~4');
    expect(settings.WEBSITE_NODE_DEFAULT_VERSION).toBe('~20');
    const engines = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node;
    expect(engines.replace(/^>=\s*/, '').split('.')[0], 'package.json engines and the platform agree on the major version').toBe('20');
    expect(site.properties.siteConfig.functionAppScaleLimit).toBe(defaults().parameters.maximumInstances);
    expect(single(custom(), 'Microsoft.Web/sites').properties.siteConfig.functionAppScaleLimit).toBe(2);
  });

  it('has a setting for every name loadConfig reads', () => {
    const settings = settingsOf();
    const read = settingsReadBy(settings);
    expect(read.size).toBeGreaterThan(10);
    for (const name of read) expect(Object.keys(settings), `setting ${name}, read by loadConfig`).toContain(name);
  });

  it('has the connection setting every trigger binding names', () => {
    const settings = settingsOf();
    const dir = join(ROOT, 'functions');
    const connections = new Set<string>();
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      for (const match of readFileSync(join(dir, file), 'utf8').matchAll(/\bconnection:\s*'([^']+)'/g)) connections.add(match[1]!);
    }
    expect(connections.size).toBeGreaterThan(0);
    for (const name of connections) expect(Object.keys(settings), `connection ${name}`).toContain(name);
  });

  it('invents no setting names: each is read by the app, named by a binding, or one the Functions platform reads', () => {
    const settings = settingsOf();
    const platform = new Set([
      'AzureWebJobsStorage',
      'FUNCTIONS_EXTENSION_VERSION',
      'FUNCTIONS_WORKER_RUNTIME',
      'WEBSITE_NODE_DEFAULT_VERSION',
      'WEBSITE_CONTENTAZUREFILECONNECTIONSTRING',
      'WEBSITE_CONTENTSHARE',
      'WEBSITE_RUN_FROM_PACKAGE',
      'APPLICATIONINSIGHTS_CONNECTION_STRING',
    ]);
    const read = settingsReadBy(settings);
    for (const name of Object.keys(settings)) expect(read.has(name) || platform.has(name), `setting ${name}`).toBe(true);
    // host.json ships in the package; the template does not override it.
    for (const name of Object.keys(settings)) expect(name).not.toMatch(/^AzureFunctionsJobHost__/);
  });

  it('produces settings loadConfig accepts, naming the storage the template creates', () => {
    for (const deployment of [defaults(), custom()]) {
      const env = appSettings(deployment);
      const config = loadConfig(env);
      const prefix = deployment.parameters.namePrefix as string;
      expect(config.names).toEqual(storageNames(prefix));
      expect(config.writeBudget).toEqual(parseRate(deployment.parameters.graphWriteBudget as string));
      expect(config.readBudget).toEqual(parseRate(deployment.parameters.graphReadBudget as string));
      expect(config.reconcile.schedule).toBe(deployment.parameters.reconcileSchedule);
      const containers = ofType(deployment, 'Microsoft.Storage/storageAccounts/blobServices/containers').map(lastSegment);
      expect(containers).toContain(config.reconcile.desiredStateContainer);
      expect(config.graph.baseUrl).toBe('https://graph.microsoft.com');
      const account = single(deployment, 'Microsoft.Storage/storageAccounts').name;
      expect(config.storageConnection).toBe(
        `DefaultEndpointsProtocol=https;AccountName=${account};AccountKey=${STAND_IN.storageKey};EndpointSuffix=core.windows.net`,
      );
    }
    expect(loadConfig(appSettings(defaults())).events.rulesPath).toBeUndefined();
    expect(loadConfig(appSettings(custom())).events.rulesPath).toBe('config/event-rules.json');
  });

  it('authenticates to Graph with the user-assigned identity it is given', () => {
    const site = siteOf();
    const settings = settingsOf();
    const identity = single(defaults(), 'Microsoft.ManagedIdentity/userAssignedIdentities');
    expect(site.identity.type).toBe('UserAssigned');
    expect(Object.keys(site.identity.userAssignedIdentities)).toEqual([identity.id]);
    expect(loadConfig(settings).graph.auth).toEqual({ mode: 'managed-identity', clientId: STAND_IN.clientId });
    expect(site.calls.some((c) => c.name === 'reference' && c.args[0] === identity.id)).toBe(true);
  });

  it('sends telemetry to Application Insights backed by the Log Analytics workspace', () => {
    const settings = settingsOf();
    const insights = single(defaults(), 'Microsoft.Insights/components');
    const workspace = single(defaults(), 'Microsoft.OperationalInsights/workspaces');
    expect(insights.properties.WorkspaceResourceId).toBe(workspace.id);
    expect(settings.APPLICATIONINSIGHTS_CONNECTION_STRING).toBe(STAND_IN.appInsightsConnection);
  });

  it('holds no secret literals: storage keys only through listKeys(), no secret settings of other Graph modes', () => {
    const settings = settingsOf();
    for (const { path, text } of allStrings(template as Json)) {
      if (/AccountKey=|SharedAccessSignature|[?&]sig=|InstrumentationKey=|ClientSecret|-----BEGIN/i.test(text)) {
        expect(isExpression(text), `${path} is an expression, not a literal`).toBe(true);
      }
      if (/AccountKey=/i.test(text)) {
        expect(calledFunctions(parseExpression(text)), `${path} takes the key from listKeys()`).toContain('listkeys');
      }
      // Nothing shaped like a storage account key (64 bytes, base64) or a JWT.
      expect(text, path).not.toMatch(/[A-Za-z0-9+/]{86}==/);
      expect(text, path).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\./);
    }
    // The evaluated connection strings carry exactly the key listKeys() returned.
    for (const name of ['AzureWebJobsStorage', 'WEBSITE_CONTENTAZUREFILECONNECTIONSTRING']) {
      expect(settings[name]).toContain(`AccountKey=${STAND_IN.storageKey};`);
    }
    // Settings only other GRAPH_AUTH modes read (client secret, static token) stay out of the template.
    const managedIdentity = settingsReadBy(settings);
    const secretModes = [
      { ...settings, GRAPH_AUTH: 'client-secret', AZURE_TENANT_ID: 't', AZURE_CLIENT_ID: 'c', AZURE_CLIENT_SECRET: 's' },
      { ...settings, GRAPH_AUTH: 'static-token', GRAPH_STATIC_TOKEN: 't' },
    ];
    const onlyInSecretModes = secretModes.flatMap((env) => [...settingsReadBy(env)]).filter((name) => !managedIdentity.has(name));
    expect(onlyInSecretModes.sort()).toEqual(['AZURE_CLIENT_SECRET', 'AZURE_TENANT_ID', 'GRAPH_STATIC_TOKEN']);
    for (const name of onlyInSecretModes) expect(Object.keys(settings)).not.toContain(name);
    expect(TEMPLATE_TEXT).not.toMatch(/AZURE_CLIENT_SECRET|GRAPH_STATIC_TOKEN/);
  });
});

describe('the expression evaluator these checks rely on', () => {
  const evaluate = (text: string, parameterValues: Record<string, unknown> = {}): unknown =>
    evaluateValue(text, { parameters: parameterValues, variables: {}, calls: [], variableCache: new Map() });

  it('evaluates formats, nested calls, escapes, property access and indexing', () => {
    expect(evaluate("[format('{0}-x{{y}}', parameters('p'))]", { p: 'a' })).toBe('a-x{y}');
    expect(evaluate("[take(concat('ab', 'cd''e'), 4)]")).toBe('abcd');
    expect(evaluate("[toLower('AbC')]")).toBe('abc');
    expect(evaluate("[environment().suffixes.storage]")).toBe('core.windows.net');
    expect(evaluate("[listKeys(resourceId('Microsoft.Storage/storageAccounts', 'sa'), '2023-05-01').keys[0].value]")).toBe(STAND_IN.storageKey);
    expect(evaluate('[[not an expression]')).toBe('[not an expression]');
    expect(evaluate("[uniqueString('a')]")).toMatch(/^[a-z2-7]{13}$/);
  });

  it('refuses what it does not know, so the template cannot slip past the checks', () => {
    expect(() => evaluate("[parameters('missing')]")).toThrow(/not declared/);
    expect(() => evaluate("[base64('x')]")).toThrow(/not supported/);
    expect(() => evaluate("[format('{0}', 'a']")).toThrow(/expected/);
    expect(() => resourceIdOf('Microsoft.Storage/storageAccounts/queueServices/queues', ['sa', 'q'])).toThrow(/name segments/);
    expect(typeOfResourceId(resourceIdOf('Microsoft.Storage/storageAccounts/queueServices', ['sa', 'default']))).toBe('Microsoft.Storage/storageAccounts/queueServices');
  });
});
