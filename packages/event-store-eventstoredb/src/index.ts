export { EventStoreDbEventStore, type EventStoreDbOptions } from './event-store';
