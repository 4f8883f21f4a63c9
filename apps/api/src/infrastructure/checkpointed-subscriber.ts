import type { BeforeApplicationShutdown, LoggerService } from "@nestjs/common";
import type {
  EventStore,
  RecordedEvent,
  Subscription,
} from "../../../../libs/event-store/src/index.js";
import type { ReadModelDb } from "../../../../libs/read-models/src/index.js";

const RETRY_DELAY_MS = 1000;

/**
 * Base of the sagas: follows the global log from a stored checkpoint and
 * moves the checkpoint only after a batch's handling finished, so after a
 * crash the last batch is handled again. Handlers must therefore be
 * idempotent, which they are by deriving command ids from event ids.
 */
export abstract class CheckpointedSubscriber implements BeforeApplicationShutdown {
  private subscription: Subscription | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  protected constructor(
    private readonly checkpointName: string,
    protected readonly store: EventStore,
    protected readonly db: ReadModelDb,
    protected readonly logger: LoggerService,
  ) {}

  protected abstract handle(event: RecordedEvent): Promise<void>;

  async start(): Promise<void> {
    const after = await this.loadCheckpoint();
    this.subscription = this.store.subscribeToAll(
      async (events) => {
        for (const event of events) await this.handle(event);
        const last = events.at(-1);
        if (last) await this.saveCheckpoint(last.position);
      },
      { afterPosition: after, onError: (error) => this.retryLater(error) },
    );
    this.logger.log(`${this.checkpointName} started after position ${after}`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.subscription?.stop();
    this.subscription = null;
    this.logger.log(`${this.checkpointName} stopped`);
  }

  private retryLater(error: Error): void {
    this.logger.error(
      `${this.checkpointName} failed; resubscribing from its checkpoint in ${RETRY_DELAY_MS} ms: ${error.message}`,
      error.stack,
    );
    this.subscription = null;
    if (this.stopped) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.stopped) void this.start();
    }, RETRY_DELAY_MS);
  }

  private async loadCheckpoint(): Promise<number> {
    const row = await this.db
      .selectFrom("checkpoints")
      .select("position")
      .where("name", "=", this.checkpointName)
      .executeTakeFirst();
    return Number(row?.position ?? 0);
  }

  private async saveCheckpoint(position: number): Promise<void> {
    await this.db
      .insertInto("checkpoints")
      .values({ name: this.checkpointName, position })
      .onConflict((conflict) =>
        conflict.column("name").doUpdateSet({ position }),
      )
      .execute();
  }
}
