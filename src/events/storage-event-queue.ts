import { StorageJsonQueue } from '../queue/storage-json-queue.js';
import type { EventQueue } from './event-queue.js';
import type { GroupReplacementMessage } from './group-replacement-message.js';

/** EventQueue on an Azure Storage queue. */
export class StorageEventQueue extends StorageJsonQueue<GroupReplacementMessage> implements EventQueue {}
