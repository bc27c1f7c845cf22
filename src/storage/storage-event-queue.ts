import { StorageJsonQueue } from './storage-json-queue.js';
import type { EventQueue, GroupReplacementMessage } from '../ports/event-queue.js';

/** EventQueue on an Azure Storage queue. */
export class StorageEventQueue extends StorageJsonQueue<GroupReplacementMessage> implements EventQueue {}
