import { TableClient, type TableEntityResult } from '@azure/data-tables';
import { QueueServiceClient, type QueueClient } from '@azure/storage-queue';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { isInsecureConnection } from '../config/storage-connection.js';
import { encodeQueuePayload } from '../shared/queue-payload.js';
import { statusCodeOf } from '../shared/status-code-of.js';

/**
 * What every storage adapter does the same way: open a table, queue or container once and
 * create it on first use, read a missing entity or blob as `undefined`, ignore a create that
 * lost to an earlier one, retry a conditional write that lost a race, and send JSON messages as
 * the Functions host reads them. The adapters keep only what is theirs.
 */

export type Row = TableEntityResult<Record<string, unknown>>;
export type Entity = Record<string, unknown> & { partitionKey: string; rowKey: string };

/**
 * Runs `create` once; concurrent callers share its promise. A failure is forgotten so the next
 * caller tries again (storage may be starting).
 */
export function createOnFirstUse(create: () => Promise<unknown>): () => Promise<void> {
  let ready: Promise<void> | undefined;
  return () => {
    ready ??= create().then(
      () => undefined,
      (error: unknown) => {
        ready = undefined;
        throw error;
      },
    );
    return ready;
  };
}

export interface StorageTable {
  readonly client: TableClient;
  /** Creates the table if it does not exist yet; once per process. */
  ready(): Promise<void>;
  /** The entity, or undefined when there is none. */
  read(partitionKey: string, rowKey: string): Promise<Row | undefined>;
}

/** A table on the account of `connection`; plain-http emulator endpoints are allowed. */
export function openTable(connection: string, tableName: string): StorageTable {
  const client = TableClient.fromConnectionString(connection, tableName, { allowInsecureConnection: isInsecureConnection(connection) });
  const ready = createOnFirstUse(() => ignoreConflict(client.createTable()));
  return {
    client,
    ready,
    async read(partitionKey, rowKey) {
      await ready();
      return missingAsUndefined(client.getEntity<Record<string, unknown>>(partitionKey, rowKey) as Promise<Row>);
    },
  };
}

export interface StorageQueue {
  readonly client: QueueClient;
  ready(): Promise<void>;
  /** Sends `message` as base64 JSON, never expiring, visible after `delaySeconds`. */
  sendJson(message: unknown, delaySeconds?: number): Promise<void>;
}

export function openQueue(connection: string, queueName: string, service = QueueServiceClient.fromConnectionString(connection)): StorageQueue {
  const client = service.getQueueClient(queueName);
  const ready = createOnFirstUse(() => client.createIfNotExists());
  return {
    client,
    ready,
    async sendJson(message, delaySeconds = 0) {
      await ready();
      await client.sendMessage(encodeQueuePayload(message), { visibilityTimeout: delaySeconds, messageTimeToLive: -1 });
    },
  };
}

export interface StorageContainer {
  readonly client: ContainerClient;
  ready(): Promise<void>;
}

export function openContainer(connection: string, containerName: string): StorageContainer {
  const client = BlobServiceClient.fromConnectionString(connection).getContainerClient(containerName);
  return { client, ready: createOnFirstUse(() => client.createIfNotExists()) };
}

/** A read whose 404 means "there is none". */
export async function missingAsUndefined<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read;
  } catch (error) {
    if (statusCodeOf(error) === 404) return undefined;
    throw error;
  }
}

/** A create whose 409 means "an earlier one already made it", which is all the caller wanted. */
export async function ignoreConflict(write: Promise<unknown>): Promise<void> {
  try {
    await write;
  } catch (error) {
    if (statusCodeOf(error) !== 409) throw error;
  }
}

/**
 * Whether a conditional write lost to another writer: 412, the entity changed since it was
 * read; 409, another writer created it first. Either way: read again and decide on what is there.
 */
export function isLostRace(error: unknown): boolean {
  const status = statusCodeOf(error);
  return status === 412 || status === 409;
}

/**
 * Read, decide, write, as often as the write loses a race (`isLostRace`), up to `maxAttempts`;
 * then the last error is thrown, naming `what` in its message. `pause` spreads the losers.
 */
export async function retryLostRaces<T>(
  what: string,
  maxAttempts: number,
  attempt: (n: number) => Promise<T>,
  pause?: (n: number) => Promise<unknown>,
): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      if (!isLostRace(error)) throw error;
      if (n >= maxAttempts) throw new Error(`${what} kept changing under ${maxAttempts} attempts to write it; try again`, { cause: error });
      if (pause) await pause(n);
    }
  }
}
