import {
  EventStoreUnavailableError,
  WrongExpectedVersionError,
} from "../errors.js";
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
import {
  checkOptionalCount,
  checkReadAllOptions,
  checkReadStreamOptions,
  prepareAppend,
} from "../validation.js";
import { allFilter } from "./all-filter.js";
import { ClientHolder } from "./client-holder.js";
import {
  errorMessage,
  isClientWrongExpectedVersion,
  toPortError,
  toWrongExpectedVersion,
} from "./error-mapping.js";
import { toEventData, toPortPosition, toStreamState } from "./event-mapping.js";
import { findRetriedRun } from "./idempotent-retry.js";
import type {
  KurrentDbEventStoreOptions,
  KurrentDbLogger,
} from "./kurrentdb-event-store-options.js";
import { KurrentDbSubscription } from "./kurrentdb-subscription.js";
import { LogReader } from "./log-reader.js";

const DEFAULT_SUBSCRIPTION_BATCH_SIZE = 500;
const DEFAULT_RECONNECT_DELAY_MS = 100;
const DEFAULT_MAX_RECONNECT_DELAY_MS = 5000;

/**
 * Event store on KurrentDB (or EventStoreDB 20.x and later) through
 * `@kurrent/kurrentdb-client` 1.3.x.
 *
 * Streams keep the product's stream ids; events keep their type string, JSON
 * data and JSON metadata. Positions are KurrentDB commit positions. The
 * global log of the port is `$all` without system events, narrowed to
 * `streamPrefixes` when they are given. An unreachable or timed-out server
 * surfaces as `EventStoreUnavailableError`; subscriptions reconnect on
 * their own. Event ids are unique per stream only: unlike the SQLite store,
 * this adapter never raises `DuplicateEventIdError`.
 */
export class KurrentDbEventStore implements EventStore {
  private readonly clients: ClientHolder;
  private readonly reader: LogReader;
  private readonly subscriptions = new Set<KurrentDbSubscription>();
  private readonly logger: KurrentDbLogger;
  private readonly options: KurrentDbEventStoreOptions;
  private closing: Promise<void> | undefined;

  /** Connects lazily to the server of a `kurrentdb://` or `esdb://` connection string. */
  constructor(
    connectionString: string,
    options: KurrentDbEventStoreOptions = {},
  ) {
    this.options = options;
    this.logger = options.logger ?? console;
    for (const [name, value] of Object.entries({
      subscriptionBatchSize: options.subscriptionBatchSize,
      reconnectDelayMs: options.reconnectDelayMs,
      maxReconnectDelayMs: options.maxReconnectDelayMs,
      checkpointInterval: options.checkpointInterval,
    })) {
      checkPositive(value, name);
    }
    this.clients = new ClientHolder(connectionString, this.logger);
    this.reader = new LogReader(
      this.clients,
      allFilter(options.streamPrefixes),
    );
    this.logger.log(
      `KurrentDB event store using ${redactConnectionString(connectionString)}`,
    );
  }

  async append(
    streamId: string,
    events: EventToAppend[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult> {
    this.ensureOpen();
    prepareAppend(streamId, events, expectedRevision);
    if (events.length === 0)
      return this.checkEmptyAppend(streamId, expectedRevision);

    // A `no_stream` retry is recognised by the server itself; any other
    // expected revision could let the server store a retry a second time.
    if (expectedRevision !== "no_stream") {
      const retried = await this.findRetry(streamId, events, expectedRevision);
      if (retried) return retried;
    }
    try {
      const result = await this.clients.client.appendToStream(
        streamId,
        events.map(toEventData),
        { streamState: toStreamState(expectedRevision) },
      );
      return {
        nextExpectedRevision: Number(result.nextExpectedRevision),
        position: toPortPosition(result.position),
      };
    } catch (error) {
      if (!isClientWrongExpectedVersion(error)) {
        throw toPortError(error, `the append to stream ${streamId}`);
      }
      // The conflict may be a concurrent run of this very append.
      const retried = await this.findRetry(streamId, events, expectedRevision);
      if (retried) return retried;
      throw toWrongExpectedVersion(error, streamId, expectedRevision);
    }
  }

  async readStream(
    streamId: string,
    options: ReadStreamOptions = {},
  ): Promise<RecordedEvent[]> {
    this.ensureOpen();
    checkReadStreamOptions(options);
    return this.reader.readStream(
      streamId,
      options.direction ?? "forwards",
      options.fromRevision,
      options.maxCount,
    );
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.ensureOpen();
    checkReadAllOptions(options);
    return this.reader.readAllAfter(
      options.afterPosition ?? 0,
      options.maxCount,
    );
  }

  async headPosition(): Promise<number> {
    this.ensureOpen();
    return this.reader.headPosition();
  }

  subscribeToAll(
    handler: EventBatchHandler,
    options: SubscribeOptions = {},
  ): Subscription {
    this.ensureOpen();
    checkOptionalCount(options.afterPosition, "afterPosition");
    const subscription = new KurrentDbSubscription(handler, options, {
      client: () => this.clients.client,
      filter: (checkpointReached) =>
        allFilter(this.options.streamPrefixes, {
          checkpointInterval: this.options.checkpointInterval,
          checkpointReached,
        }),
      headPosition: () => this.reader.headPosition(),
      batchSize:
        this.options.subscriptionBatchSize ?? DEFAULT_SUBSCRIPTION_BATCH_SIZE,
      reconnectDelayMs:
        this.options.reconnectDelayMs ?? DEFAULT_RECONNECT_DELAY_MS,
      maxReconnectDelayMs:
        this.options.maxReconnectDelayMs ?? DEFAULT_MAX_RECONNECT_DELAY_MS,
      logger: this.logger,
      onEnded: (ended) => this.subscriptions.delete(ended),
    });
    this.subscriptions.add(subscription);
    return subscription;
  }

  /**
   * Stops every subscription (waiting for handlers in flight) and closes the
   * client's connections. Calls made afterwards reject with
   * `EventStoreUnavailableError`; calling it again returns the same promise.
   */
  close(): Promise<void> {
    this.closing ??= this.closeOnce();
    return this.closing;
  }

  private async closeOnce(): Promise<void> {
    await Promise.all([...this.subscriptions].map((sub) => sub.stop()));
    try {
      await this.clients.dispose();
    } catch (error) {
      this.logger.warn(
        `Closing the KurrentDB client failed: ${errorMessage(error)}`,
      );
    }
    this.logger.log("KurrentDB event store closed");
  }

  /** Checks the expected revision of an empty append against the stream's last event. */
  private async checkEmptyAppend(
    streamId: string,
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    const [last] = await this.reader.readStream(
      streamId,
      "backwards",
      undefined,
      1,
    );
    const actual = last?.revision ?? "no_stream";
    const matches =
      expected === "any" ||
      (expected === "no_stream" && last === undefined) ||
      (expected === "stream_exists" && last !== undefined) ||
      expected === actual;
    if (!matches)
      throw new WrongExpectedVersionError(streamId, expected, actual);
    return {
      nextExpectedRevision: last?.revision ?? -1,
      position: last?.position ?? 0,
    };
  }

  private async findRetry(
    streamId: string,
    events: EventToAppend[],
    expected: ExpectedRevision,
  ): Promise<AppendResult | undefined> {
    const stored = await this.reader.readStream(
      streamId,
      "forwards",
      undefined,
      undefined,
    );
    return findRetriedRun(streamId, stored, events, expected);
  }

  private ensureOpen(): void {
    if (this.closing) {
      throw new EventStoreUnavailableError(
        "The KurrentDB event store is closed; create a new KurrentDbEventStore.",
      );
    }
  }
}

function checkPositive(value: number | undefined, name: string): void {
  if (value === undefined) return;
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new RangeError(
      `Invalid ${name} ${String(value)}: expected a positive integer.`,
    );
  }
}

/** Returns the connection string without user name and password, for logs. */
export function redactConnectionString(connectionString: string): string {
  return connectionString.replace(/\/\/[^@/]*@/, "//");
}
