export { UndecodableRecordError } from './envelope';
export { EventStoreDbEventStore, type EventStoreDbOptions } from './event-store';
