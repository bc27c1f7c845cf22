'use strict';
/*
 * Runs one Azurite service: `node azurite-service.cjs <service entry file> [Azurite options]`.
 *
 * It first mends one cost of LokiJS, the in-memory database Azurite keeps its metadata in.
 * Removing a batch of documents rebuilds every index of the collection with a full sort, even
 * when the batch is empty or holds one document. Azurite's queue removes such batches on every
 * receive and every delete (its sweep of expired messages, which mostly finds none), and once per
 * message extent in its periodic sweep. With 20,000 messages queued, each receive and delete
 * then sorted four indexes of 20,000 entries, and the extent sweep held the queue still for 20 to
 * 40 s at a time. Azure Storage has no such cost: a queue's receive does not grow with its length.
 *
 * Here a batch of at most SMALL_BATCH documents is removed one document at a time, through
 * LokiJS's own path for one document, which updates the indexes in place; an empty batch does
 * nothing. What is stored and returned is unchanged.
 */
const { createRequire } = require('node:module');
const { resolve } = require('node:path');

/** About log2 of 20,000: up to there, one pass over an index per document costs less than sorting it. */
const SMALL_BATCH = 16;

/**
 * Makes a LokiJS collection prototype remove small batches in place (see above). Applied once,
 * to the LokiJS the service loads, before the service starts.
 */
function removeSmallBatchesInPlace(collection) {
  const removeBatchByPositions = collection.removeBatchByPositions;
  // Every removal of several documents ends here: `remove` of an array and `findAndRemove` alike.
  collection.removeBatchByPositions = function removeSmallBatchInPlace(positions) {
    if (positions.length > SMALL_BATCH) return removeBatchByPositions.call(this, positions);
    const docs = positions.map((p) => this.data[p]);
    if (docs.some((doc) => !doc)) return removeBatchByPositions.call(this, positions);
    for (const doc of docs) this.remove(doc);
  };
}

if (require.main === module) {
  const [entry] = process.argv.splice(2, 1);
  if (!entry) {
    console.error('usage: node azurite-service.cjs <Azurite service entry file> [options]');
    process.exit(2);
  }
  removeSmallBatchesInPlace(createRequire(resolve(entry))('lokijs').Collection.prototype);
  require(resolve(entry));
}

module.exports = { removeSmallBatchesInPlace, SMALL_BATCH };
