import type Database from "better-sqlite3";

import { EventStoreUnavailableError } from "../errors.js";
import type {
  AppendResult,
  EventBatchHandler,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from "../event-store.port.js";
import { EventQueries } from "./event-queries.js";
import { GroupCommitQueue, type GroupCommitInfo } from "./group-commit.js";
import { openEventDatabase } from "./schema.js";
import type {
  EventStoreLogger,
  SqliteEventStoreOptions,
} from "./sqlite-event-store-options.js";
import { SqliteSubscription } from "./sqlite-subscription.js";
import {
  checkOptionalCount,
  checkReadAllOptions,
  checkReadStreamOptions,
  prepareAppend,
} from "../validation.js";

const DEFAULT_POLL_INTERVAL_MS = 200;
const DEFAULT_SUBSCRIPTION_BATCH_SIZE = 500;
const DEFAULT_BUSY_TIMEOUT_MS = 5000;

/**
 * Embedded event store on one SQLite file (better-sqlite3).
 *
 * Appends made while a commit is pending share one transaction (group
 * commit). Another process, such as an operator CLI, may open the same file
 * and append. Reads and `headPosition` query the file, so they see those
 * appends, and live subscriptions poll for them.
 *
 * Event ids are unique across the whole log: appending an id that another
 * stream already contains rejects with `DuplicateEventIdError`.
 *
 * NOTE: better-sqlite3 is synchronous, so while another process holds the
 * write lock a commit blocks this process's event loop for up to
 * `busyTimeoutMs`.
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly queries: EventQueries;
  private readonly commits: GroupCommitQueue;
  private readonly subscriptions = new Set<SqliteSubscription>();
  private readonly logger: EventStoreLogger;
  private readonly pollIntervalMs: number;
  private readonly subscriptionBatchSize: number;
  private closed = false;
  private closing: Promise<void> | undefined;

  /** Opens or creates the database at `path`, where `':memory:'` gives a private in-memory store. */
  constructor(path: string, options: SqliteEventStoreOptions = {}) {
    this.pollIntervalMs = positiveOption(
      options.pollIntervalMs,
      "pollIntervalMs",
      DEFAULT_POLL_INTERVAL_MS,
    );
    this.subscriptionBatchSize = positiveOption(
      options.subscriptionBatchSize,
      "subscriptionBatchSize",
      DEFAULT_SUBSCRIPTION_BATCH_SIZE,
    );
    const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
    checkOptionalCount(busyTimeoutMs, "busyTimeoutMs");
    this.logger = options.logger ?? console;

    this.db = openEventDatabase(path, busyTimeoutMs);
    this.queries = new EventQueries(this.db);
    this.commits = new GroupCommitQueue(this.db, this.queries, {
      clock: options.clock ?? (() => new Date()),
      onCommitted: (info) => this.afterCommit(info, options.onGroupCommit),
    });
  }

  async append(
    streamId: string,
    events: EventToAppend[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult> {
    this.ensureOpen();
    const serialized = prepareAppend(streamId, events, expectedRevision);
    return this.commits.enqueue({
      streamId,
      events: serialized,
      expectedRevision,
    });
  }

  async readStream(
    streamId: string,
    options: ReadStreamOptions = {},
  ): Promise<RecordedEvent[]> {
    this.ensureReadable();
    checkReadStreamOptions(options);
    return this.queries.readStream(
      streamId,
      options.direction ?? "forwards",
      options.fromRevision,
      options.maxCount,
    );
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.ensureReadable();
    checkReadAllOptions(options);
    return this.queries.readAll(options.afterPosition ?? 0, options.maxCount);
  }

  async headPosition(): Promise<number> {
    this.ensureReadable();
    return this.queries.headPosition();
  }

  subscribeToAll(
    handler: EventBatchHandler,
    options: SubscribeOptions = {},
  ): Subscription {
    this.ensureOpen();
    checkOptionalCount(options.afterPosition, "afterPosition");
    const source = {
      readAfter: (position: number, maxCount: number) =>
        this.queries.readAll(position, maxCount),
      headPosition: () => this.queries.headPosition(),
    };
    const subscription = new SqliteSubscription(source, handler, options, {
      batchSize: this.subscriptionBatchSize,
      pollIntervalMs: this.pollIntervalMs,
      logger: this.logger,
      onEnded: (ended) => this.subscriptions.delete(ended),
    });
    this.subscriptions.add(subscription);
    return subscription;
  }

  /**
   * Commits the appends still queued, stops every subscription (waiting for
   * handlers in flight) and closes the database. Appends made after the call
   * reject with `EventStoreUnavailableError`. Calling it again returns the
   * same promise.
   */
  close(): Promise<void> {
    this.closing ??= this.closeOnce();
    return this.closing;
  }

  private async closeOnce(): Promise<void> {
    this.closed = true;
    this.commits.flush();
    await Promise.all([...this.subscriptions].map((sub) => sub.stop()));
    this.db.close();
  }

  private afterCommit(
    info: GroupCommitInfo,
    onGroupCommit: ((info: GroupCommitInfo) => void) | undefined,
  ): void {
    if (info.events > 0) {
      for (const subscription of this.subscriptions) {
        subscription.notify();
      }
    }
    try {
      onGroupCommit?.(info);
    } catch (error) {
      this.logger.error(
        `Event store onGroupCommit hook failed: ${String(error)}`,
        error,
      );
    }
  }

  /** Reads stay possible while `close()` waits for subscription handlers. */
  private ensureReadable(): void {
    if (!this.db.open) {
      throw new EventStoreUnavailableError(
        `Event store ${this.db.name} is closed; open a new SqliteEventStore.`,
      );
    }
  }

  private ensureOpen(): void {
    if (this.closed) {
      throw new EventStoreUnavailableError(
        `Event store ${this.db.name} is closed; open a new SqliteEventStore.`,
      );
    }
  }
}

function positiveOption(
  value: number | undefined,
  name: string,
  defaultValue: number,
): number {
  if (value === undefined) {
    return defaultValue;
  }
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new RangeError(
      `Invalid ${name} ${String(value)}: expected a positive integer.`,
    );
  }
  return value;
}
