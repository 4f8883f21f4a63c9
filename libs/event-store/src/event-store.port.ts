/**
 * The event store port: every adapter (embedded SQLite, KurrentDB) implements
 * this contract and passes the same contract suite in `contract/`.
 *
 * Revisions count events within one stream from 0. Positions order events in
 * the global log; they grow strictly but need not be dense.
 */

/** Metadata recorded with every event, so that audit replay can tell who caused it and why. */
export interface EventMetadata {
  /** Account id of the caller, or `system` for saga steps and operator commands. */
  actorId: string;
  requestId: string;
  commandId: string;
  /** Id of the event or request that triggered the command. */
  causationId: string;
  correlationId: string;
  schemaVersion: number;
}

export interface EventToAppend {
  /** UUID; derived from the command id so a retried command is recognised. */
  id: string;
  type: string;
  data: Record<string, unknown>;
  metadata: EventMetadata;
}

export interface RecordedEvent {
  id: string;
  streamId: string;
  type: string;
  revision: number;
  position: number;
  data: Record<string, unknown>;
  metadata: EventMetadata;
  createdAt: Date;
}

/**
 * `no_stream`: the stream must not exist; `stream_exists`: it must have at
 * least one event; a number: the revision of the stream's last event.
 */
export type ExpectedRevision = "any" | "no_stream" | "stream_exists" | number;

/**
 * Result of an append. An empty append returns the stream's current state,
 * which is revision -1 and position 0 when the stream does not exist. An
 * idempotent re-append returns the revision and position of the last re-sent
 * event.
 */
export interface AppendResult {
  /** Revision of the last event now in the stream. */
  nextExpectedRevision: number;
  /** Global position of the last appended event. */
  position: number;
}

export type ReadDirection = "forwards" | "backwards";

export interface ReadStreamOptions {
  direction?: ReadDirection;
  /** Inclusive; defaults to the start (forwards) or the end (backwards). */
  fromRevision?: number;
  maxCount?: number;
}

export interface ReadAllOptions {
  /** Exclusive: events strictly after this position. Defaults to the start. */
  afterPosition?: number;
  maxCount?: number;
}

export interface SubscribeOptions {
  /** Exclusive: the subscription delivers events strictly after this position. */
  afterPosition?: number;
  /** Called once when the catch-up phase has delivered every event stored at subscription time. */
  onCaughtUp?: () => void;
  /** Called when the subscription stops on an error it cannot recover from, such as a handler that throws. */
  onError?: (error: Error) => void;
}

/**
 * Receives events in position order. The subscription waits for the returned
 * promise before delivering the next batch, so a handler that commits its
 * checkpoint before resolving never misses or repeats an event.
 */
export type EventBatchHandler = (events: RecordedEvent[]) => Promise<void>;

export interface Subscription {
  stop(): Promise<void>;
}

export interface EventStore {
  /**
   * Appends events atomically after checking `expectedRevision`, or rejects
   * with `WrongExpectedVersionError`. When every event id already exists in
   * the stream as a contiguous run in the same order, the append is an
   * idempotent retry: it stores nothing and returns the original result,
   * whatever `expectedRevision` is. A partial overlap rejects with
   * `WrongExpectedVersionError`. An empty `events` array only checks
   * `expectedRevision`.
   */
  append(
    streamId: string,
    events: EventToAppend[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult>;
  /** Returns an empty array for a stream that does not exist. */
  readStream(
    streamId: string,
    options?: ReadStreamOptions,
  ): Promise<RecordedEvent[]>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Position of the last event in the global log, or 0 when the log is empty. */
  headPosition(): Promise<number>;
  subscribeToAll(
    handler: EventBatchHandler,
    options?: SubscribeOptions,
  ): Subscription;
  close(): Promise<void>;
}
