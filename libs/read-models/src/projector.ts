import type {
  EventStore,
  RecordedEvent,
  Subscription,
} from "../../event-store/src/index.js";
import { toDomainEvent, type Projection } from "./projections/projection.js";
import type { ReadModelDb } from "./schema.js";

/** The subset of a logger the projector writes to (Nest's `Logger` fits). */
export interface ProjectorLogger {
  log(message: string): void;
  error(message: string, stack?: string): void;
}

interface Waiter {
  target: number;
  resolve: (reached: boolean) => void;
  timer: NodeJS.Timeout;
}

/**
 * Feeds the global log to the projections. Each delivered batch is applied
 * in one transaction together with the checkpoint, so after a crash the
 * projector resumes exactly after the last committed event.
 */
export class Projector {
  private position = 0;
  private subscription: Subscription | null = null;
  private readonly waiters = new Set<Waiter>();
  private restartTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  private lastFailure: string | null = null;

  constructor(
    private readonly store: EventStore,
    private readonly db: ReadModelDb,
    private readonly projections: readonly Projection[],
    private readonly logger: ProjectorLogger,
    /** Name of the checkpoint row. */
    private readonly checkpointName = "read-models",
    /** Delay before resubscribing after a failed batch, in milliseconds. */
    private readonly retryDelayMs = 1000,
  ) {}

  /** Message of the failure that stopped the last batch, or null once a batch succeeds. */
  get failure(): string | null {
    return this.lastFailure;
  }

  /** Position of the last event applied to the read models. */
  get checkpoint(): number {
    return this.position;
  }

  async start(): Promise<void> {
    const row = await this.db
      .selectFrom("checkpoints")
      .select("position")
      .where("name", "=", this.checkpointName)
      .executeTakeFirst();
    this.position = Number(row?.position ?? 0);
    this.logger.log(
      `Projector ${this.checkpointName} starting after position ${this.position}`,
    );
    this.subscribe();
  }

  /** Resolves true once every event up to `target` is applied, false after `timeoutMs`. */
  waitFor(target: number, timeoutMs: number): Promise<boolean> {
    if (this.position >= target) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        target,
        resolve,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          resolve(false);
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    await this.subscription?.stop();
    this.subscription = null;
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.resolve(false);
    }
    this.waiters.clear();
    this.logger.log(
      `Projector ${this.checkpointName} stopped at position ${this.position}`,
    );
  }

  private subscribe(): void {
    this.subscription = this.store.subscribeToAll(
      (events) => this.applyBatch(events),
      {
        afterPosition: this.position,
        onCaughtUp: () =>
          this.logger.log(
            `Projector ${this.checkpointName} caught up at position ${this.position}`,
          ),
        onError: (error) => this.scheduleRestart(error),
      },
    );
  }

  private scheduleRestart(error: Error): void {
    this.logger.error(
      `Projector ${this.checkpointName} failed after position ${this.position}; retrying in ${this.retryDelayMs} ms: ${error.message}`,
      error.stack,
    );
    this.subscription = null;
    this.lastFailure = error.message;
    if (this.stopped) return;
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (!this.stopped) this.subscribe();
    }, this.retryDelayMs);
  }

  private async applyBatch(events: RecordedEvent[]): Promise<void> {
    const last = events.at(-1);
    if (!last) return;

    await this.db.transaction().execute(async (trx) => {
      for (const recorded of events) {
        const event = toDomainEvent(recorded);
        if (!event) continue;
        const info = {
          streamId: recorded.streamId,
          position: recorded.position,
          createdAt: recorded.createdAt.toISOString(),
          commandId: recorded.metadata.commandId,
        };
        for (const projection of this.projections) {
          await projection.apply(trx, event, info);
        }
      }
      await trx
        .insertInto("checkpoints")
        .values({ name: this.checkpointName, position: last.position })
        .onConflict((conflict) =>
          conflict.column("name").doUpdateSet({ position: last.position }),
        )
        .execute();
    });

    this.position = last.position;
    this.lastFailure = null;
    this.releaseWaiters();
  }

  private releaseWaiters(): void {
    for (const waiter of this.waiters) {
      if (waiter.target <= this.position) {
        clearTimeout(waiter.timer);
        this.waiters.delete(waiter);
        waiter.resolve(true);
      }
    }
  }
}
