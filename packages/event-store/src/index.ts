export { canonicalJson, isLink, sameContent } from './content';
export {
  DuplicateEventIdError,
  EventStoreError,
  UnknownLinkTargetError,
  UnsupportedOperationError,
  WrongExpectedVersionError,
} from './errors';
export type {
  AppendOptions,
  AppendRequest,
  AppendResult,
  EventStore,
  ExpectedVersion,
  JsonObject,
  JsonValue,
  LinkTo,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  StoredEvent,
  StreamRead,
  SubscribeOptions,
  Subscription,
} from './types';
