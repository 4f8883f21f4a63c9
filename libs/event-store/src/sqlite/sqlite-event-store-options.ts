import type { GroupCommitInfo } from "./group-commit.js";

/** Minimal logger interface that `console` and a NestJS `Logger` both satisfy. */
export interface EventStoreLogger {
  error(message: string, ...details: unknown[]): void;
}

export interface SqliteEventStoreOptions {
  /** Interval in milliseconds at which live subscriptions poll for events appended by other processes; default 200. */
  pollIntervalMs?: number;
  /** Max events per subscription handler call; default 500. */
  subscriptionBatchSize?: number;
  /** Time in milliseconds a write waits for another process's write lock before the append fails; default 5000. */
  busyTimeoutMs?: number;
  /** Source of `createdAt` for appended events; default `() => new Date()`. */
  clock?: () => Date;
  /** Receives errors that no caller can see, such as a failed subscription without `onError`; default `console`. */
  logger?: EventStoreLogger;
  /** Called after every group commit with its size, for metrics and tests. */
  onGroupCommit?: (info: GroupCommitInfo) => void;
}
