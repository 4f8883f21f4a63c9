export * from "./event-store.port.js";
export * from "./errors.js";
export { SqliteEventStore } from "./sqlite/sqlite-event-store.js";
export type {
  EventStoreLogger,
  SqliteEventStoreOptions,
} from "./sqlite/sqlite-event-store-options.js";
export type { GroupCommitInfo } from "./sqlite/group-commit.js";
export {
  KurrentDbEventStore,
  redactConnectionString,
} from "./kurrentdb/kurrentdb-event-store.js";
export type {
  KurrentDbEventStoreOptions,
  KurrentDbLogger,
} from "./kurrentdb/kurrentdb-event-store-options.js";
