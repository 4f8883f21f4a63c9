import { once } from "node:events";

import {
  AccessDeniedError,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type Filter,
  type KurrentDBClient,
  type Position,
} from "@kurrent/kurrentdb-client";

import type {
  EventBatchHandler,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from "../event-store.port.js";
import { errorMessage } from "./error-mapping.js";
import {
  isSystemEvent,
  toPortPosition,
  toReadPosition,
  toRecordedEvent,
} from "./event-mapping.js";
import type { KurrentDbLogger } from "./kurrentdb-event-store-options.js";

export interface KurrentDbSubscriptionSettings {
  /** The current client; the store may replace it while the subscription runs. */
  client: () => KurrentDBClient;
  /** Builds the server-side filter; the callback receives the server's checkpoints. */
  filter: (checkpointReached: (position: Position) => void) => Filter;
  /** Position of the last event the subscription must deliver before `onCaughtUp`. */
  headPosition: () => Promise<number>;
  batchSize: number;
  reconnectDelayMs: number;
  maxReconnectDelayMs: number;
  logger: KurrentDbLogger;
  /** Called once when the subscription has ended, by `stop()` or by an error. */
  onEnded: (subscription: KurrentDbSubscription) => void;
}

/** A handler's rejection, kept apart from connection errors, which are retried. */
class HandlerFailure extends Error {
  constructor(readonly failure: unknown) {
    super(errorMessage(failure));
  }
}

/** The server ended the subscription's stream without an error. */
class StreamEnded extends Error {}

/**
 * A catch-up subscription to `$all` that survives lost connections.
 *
 * It delivers events in batches of what the client has buffered, awaits the
 * handler, and only then moves its position. When the connection drops it
 * resubscribes strictly after the last event the handler finished, with a
 * growing wait, so no event is skipped or delivered twice.
 *
 * The server's checkpoints are recorded for the logs but are not resume
 * points: a server sends its end-of-catch-up checkpoint before the live
 * events around it, so resuming after it could skip an event that was never
 * handled.
 */
export class KurrentDbSubscription implements Subscription {
  private lastPosition: number;
  private lastCheckpoint: number | undefined;
  private stopped = false;
  private caughtUp = false;
  private current: AllStreamSubscription | undefined;
  private readonly stopSignal: Promise<void>;
  private signalStop!: () => void;
  private readonly finished: Promise<void>;

  constructor(
    private readonly handler: EventBatchHandler,
    private readonly options: SubscribeOptions,
    private readonly settings: KurrentDbSubscriptionSettings,
  ) {
    this.lastPosition = options.afterPosition ?? 0;
    this.stopSignal = new Promise((resolve) => (this.signalStop = resolve));
    this.finished = this.run();
  }

  /**
   * Stops delivery and resolves once no handler call is in flight.
   * NOTE: a handler that awaits `stop()` of its own subscription deadlocks,
   * because stop waits for that handler; call it without awaiting there.
   */
  stop(): Promise<void> {
    this.stopped = true;
    this.signalStop();
    return this.finished;
  }

  private async run(): Promise<void> {
    // Yield first, so the handler never runs before subscribeToAll returns.
    await Promise.resolve();
    const { logger } = this.settings;
    logger.log(
      `Subscription to $all starting after position ${this.lastPosition}`,
    );
    let attempt = 0;
    try {
      while (!this.stopped) {
        try {
          const target = this.caughtUp ? 0 : await this.settings.headPosition();
          await this.consume(target, () => (attempt = 0));
        } catch (error) {
          if (error instanceof HandlerFailure) throw error.failure;
          if (this.stopped) break;
          if (isPermanent(error)) throw error;
          attempt += 1;
          await this.waitBeforeReconnect(error, attempt);
        }
      }
      logger.log(
        `Subscription to $all stopped after position ${this.lastPosition}`,
      );
    } catch (error) {
      this.stopped = true;
      this.reportError(error);
    } finally {
      this.closeCurrent();
      this.settings.onEnded(this);
    }
  }

  /**
   * Subscribes after the last handled event and delivers until stopped;
   * throws when the connection is lost or the handler fails.
   */
  private async consume(
    target: number,
    onConfirmed: () => void,
  ): Promise<void> {
    const subscription = this.settings.client().subscribeToAll(
      {
        fromPosition: toReadPosition(this.lastPosition),
        filter: this.settings.filter((position) => {
          this.lastCheckpoint = toPortPosition(position);
        }),
      },
      { highWaterMark: this.settings.batchSize },
    );
    this.current = subscription;
    // Errors can follow the first one; without a listener they would crash the process.
    subscription.on("error", () => undefined);
    const failed = new Promise<never>((_, reject) => {
      subscription.once("error", reject);
      subscription.once("end", () =>
        reject(new StreamEnded("The server ended the subscription.")),
      );
    });
    failed.catch(() => undefined);
    subscription.once("confirmation", () => {
      onConfirmed();
      this.markCaughtUpAt(target);
    });

    try {
      while (!this.stopped) {
        const events = this.readBuffered(subscription);
        if (events === undefined) {
          await Promise.race([
            once(subscription, "readable"),
            failed,
            this.stopSignal,
          ]);
          continue;
        }
        if (events.length === 0) continue;
        try {
          await this.handler(events);
        } catch (error) {
          throw new HandlerFailure(error);
        }
        this.lastPosition = events.at(-1)!.position;
        this.markCaughtUpAt(target);
      }
    } finally {
      this.closeCurrent();
    }
  }

  /**
   * Takes up to a batch of buffered events without waiting; returns undefined
   * when nothing is buffered. System events and events at or before the last
   * handled position are dropped.
   */
  private readBuffered(
    subscription: AllStreamSubscription,
  ): RecordedEvent[] | undefined {
    const events: RecordedEvent[] = [];
    let read = 0;
    while (read < this.settings.batchSize) {
      const resolved = subscription.read() as AllStreamResolvedEvent | null;
      if (resolved === null) break;
      read += 1;
      if (isSystemEvent(resolved)) continue;
      const event = toRecordedEvent(resolved);
      const after = events.at(-1)?.position ?? this.lastPosition;
      if (event !== undefined && event.position > after) events.push(event);
    }
    return read === 0 ? undefined : events;
  }

  private markCaughtUpAt(target: number): void {
    if (this.caughtUp || this.stopped || this.lastPosition < target) return;
    this.caughtUp = true;
    this.settings.logger.log(
      `Subscription to $all caught up at position ${this.lastPosition}`,
    );
    try {
      this.options.onCaughtUp?.();
    } catch (error) {
      this.settings.logger.error(
        `Subscription onCaughtUp callback failed: ${errorMessage(error)}`,
        error,
      );
    }
  }

  private async waitBeforeReconnect(
    error: unknown,
    attempt: number,
  ): Promise<void> {
    const { reconnectDelayMs, maxReconnectDelayMs, logger } = this.settings;
    const delay = Math.min(
      reconnectDelayMs * 2 ** (attempt - 1),
      maxReconnectDelayMs,
    );
    const checkpoint =
      this.lastCheckpoint === undefined ? "none" : String(this.lastCheckpoint);
    logger.warn(
      `Subscription to $all lost its connection after position ${this.lastPosition} ` +
        `(last server checkpoint ${checkpoint}): ${errorMessage(error)}; ` +
        `resubscribing in ${delay} ms (attempt ${attempt})`,
    );
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise((resolve) => (timer = setTimeout(resolve, delay))),
      this.stopSignal,
    ]);
    clearTimeout(timer);
  }

  private closeCurrent(): void {
    const current = this.current;
    this.current = undefined;
    if (current === undefined) return;
    current.unsubscribe().catch((error: unknown) => {
      this.settings.logger.warn(
        `Unsubscribing from $all failed: ${errorMessage(error)}`,
      );
    });
  }

  private reportError(error: unknown): void {
    const failure = error instanceof Error ? error : new Error(String(error));
    const { onError } = this.options;
    if (onError === undefined) {
      this.settings.logger.error(
        `Subscription to $all stopped after position ${this.lastPosition}: ${failure.message}`,
        failure,
      );
      return;
    }
    try {
      onError(failure);
    } catch (callbackError) {
      this.settings.logger.error(
        `Subscription onError callback failed: ${errorMessage(callbackError)}`,
        callbackError,
      );
    }
  }
}

/**
 * Errors a reconnect cannot cure: missing rights, and events this adapter
 * cannot map (a position past 2^53, data that is not a JSON object).
 */
function isPermanent(error: unknown): boolean {
  return (
    error instanceof AccessDeniedError ||
    error instanceof TypeError ||
    error instanceof RangeError
  );
}
