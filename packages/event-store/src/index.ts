export { canonicalJson, instantKey, isLink, sameContent } from './content.js';
export {
  DuplicateEventIdError,
  EventStoreError,
  UnknownLinkTargetError,
  UnsupportedOperationError,
  WrongExpectedVersionError,
} from './errors.js';
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
} from './types.js';
