export { UndecodableRecordError } from './envelope.js';
export { EventStoreDbEventStore, type EventStoreDbOptions } from './event-store.js';
