import type {
  EventBatchHandler,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from "../event-store.port.js";
import type { EventStoreLogger } from "./sqlite-event-store-options.js";

/** Synchronous reads the subscription needs from the store. */
export interface SubscriptionSource {
  readAfter(position: number, maxCount: number): RecordedEvent[];
  headPosition(): number;
}

export interface SubscriptionSettings {
  batchSize: number;
  pollIntervalMs: number;
  logger: EventStoreLogger;
  /** Called once when the subscription has ended, by `stop()` or by an error. */
  onEnded: (subscription: SqliteSubscription) => void;
}

/**
 * A subscription to the global log: it reads batches after its last delivered
 * position, awaits the handler for each batch, and when the log is exhausted
 * waits for `notify()` (an in-process commit) or the poll interval (commits by
 * other processes). Only one loop reads, and it advances its position after
 * the handler resolves, so no event is delivered twice or skipped.
 */
export class SqliteSubscription implements Subscription {
  private stopped = false;
  private caughtUp = false;
  private lastPosition: number;
  private readonly catchUpTarget: number;
  private wakeRequested = false;
  private wakeWaiter: (() => void) | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  private readonly finished: Promise<void>;

  constructor(
    private readonly source: SubscriptionSource,
    private readonly handler: EventBatchHandler,
    private readonly options: SubscribeOptions,
    private readonly settings: SubscriptionSettings,
  ) {
    this.lastPosition = options.afterPosition ?? 0;
    this.catchUpTarget = source.headPosition();
    this.finished = this.run();
  }

  /**
   * Stops delivery and resolves once no handler call is in flight.
   * NOTE: a handler that awaits `stop()` of its own subscription deadlocks,
   * because stop waits for that handler; call it without awaiting there.
   */
  stop(): Promise<void> {
    this.stopped = true;
    this.wakeUp();
    return this.finished;
  }

  /** Tells the subscription that new events were committed in this process. */
  notify(): void {
    this.wakeRequested = true;
    this.wakeUp();
  }

  private async run(): Promise<void> {
    // Yield first, so the handler never runs before subscribeToAll returns.
    await Promise.resolve();
    try {
      while (!this.stopped) {
        const events = this.source.readAfter(
          this.lastPosition,
          this.settings.batchSize,
        );
        if (events.length > 0) {
          await this.handler(events);
          this.lastPosition = events[events.length - 1]!.position;
        }
        if (this.stopped) {
          break;
        }
        if (!this.caughtUp && this.lastPosition >= this.catchUpTarget) {
          this.caughtUp = true;
          this.options.onCaughtUp?.();
        }
        if (events.length < this.settings.batchSize) {
          await this.waitForWake();
        }
      }
    } catch (error) {
      this.stopped = true;
      this.reportError(error);
    } finally {
      this.clearPollTimer();
      this.settings.onEnded(this);
    }
  }

  private waitForWake(): Promise<void> {
    if (this.wakeRequested || this.stopped) {
      this.wakeRequested = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      this.wakeWaiter = resolve;
      this.pollTimer = setTimeout(
        () => this.wakeUp(),
        this.settings.pollIntervalMs,
      );
    });
  }

  private wakeUp(): void {
    this.clearPollTimer();
    const waiter = this.wakeWaiter;
    if (waiter !== undefined) {
      this.wakeWaiter = undefined;
      this.wakeRequested = false;
      waiter();
    }
  }

  private clearPollTimer(): void {
    if (this.pollTimer !== undefined) {
      clearTimeout(this.pollTimer);
      this.pollTimer = undefined;
    }
  }

  private reportError(error: unknown): void {
    const failure = error instanceof Error ? error : new Error(String(error));
    const { onError } = this.options;
    if (onError === undefined) {
      this.settings.logger.error(
        `Event subscription stopped after position ${this.lastPosition}: ${failure.message}`,
        failure,
      );
      return;
    }
    try {
      onError(failure);
    } catch (callbackError) {
      this.settings.logger.error(
        `Event subscription onError callback failed: ${String(callbackError)}`,
        callbackError,
      );
    }
  }
}
