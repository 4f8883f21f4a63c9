import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
} from "@nestjs/common";
import {
  decideAllocateSpace,
  spaceStream,
} from "../../../../libs/domain/src/index.js";
import type {
  EventStore,
  RecordedEvent,
  Subscription,
} from "../../../../libs/event-store/src/index.js";
import type { ReadModelDb } from "../../../../libs/read-models/src/index.js";
import {
  type CommandContext,
  deriveCommandId,
} from "../infrastructure/command-context.js";
import { Clock } from "../infrastructure/clock.js";
import { EventSourcedRepository } from "../infrastructure/event-sourced-repository.js";
import { EVENT_STORE, READ_MODEL_DB } from "../infrastructure/tokens.js";
import { spaceModel } from "./space-stream.model.js";

const SYSTEM_ACTOR = "system";
const CHECKPOINT = "saga:space-allocation";
const RETRY_DELAY_MS = 1000;

/**
 * Moves each new space from `allocating` to `allocated`. Network allocation
 * is simulated, so the step follows at once. The command id derives from
 * the triggering event, so a replay after a crash appends nothing twice.
 * The checkpoint moves only after the batch's appends, so the saga resumes
 * after the last event it handled.
 */
@Injectable()
export class SpaceAllocationSaga implements BeforeApplicationShutdown {
  private readonly logger = new Logger(SpaceAllocationSaga.name);
  private subscription: Subscription | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_DB) private readonly db: ReadModelDb,
    private readonly repository: EventSourcedRepository,
    private readonly clock: Clock,
  ) {}

  async start(): Promise<void> {
    const after = await this.loadCheckpoint();
    this.subscription = this.store.subscribeToAll(
      (events) => this.handle(events),
      { afterPosition: after, onError: (error) => this.retryLater(error) },
    );
    this.logger.log(`Space allocation saga started after position ${after}`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.subscription?.stop();
    this.logger.log("Space allocation saga stopped");
  }

  private retryLater(error: Error): void {
    this.logger.error(
      `Space allocation saga failed; resubscribing in ${RETRY_DELAY_MS} ms: ${error.message}`,
      error.stack,
    );
    this.subscription = null;
    if (this.stopped) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.stopped) void this.start();
    }, RETRY_DELAY_MS);
  }

  private async handle(events: RecordedEvent[]): Promise<void> {
    for (const event of events) {
      if (event.type === "SpaceCreated") await this.allocate(event);
    }
    const last = events.at(-1);
    if (last) await this.saveCheckpoint(last.position);
  }

  private async allocate(event: RecordedEvent): Promise<void> {
    const spaceId = String(event.data.spaceId);
    const context: CommandContext = {
      actorId: SYSTEM_ACTOR,
      actorEmail: SYSTEM_ACTOR,
      requestId: event.metadata.requestId,
      commandId: deriveCommandId(SYSTEM_ACTOR, "AllocateSpace", event.id),
      causationId: event.id,
      correlationId: event.metadata.correlationId,
    };
    const { position } = await this.repository.execute(
      spaceStream(spaceId),
      spaceModel,
      context,
      (state) => decideAllocateSpace(state, { at: this.clock.nowIso() }),
    );
    if (position !== null) this.logger.log(`Space ${spaceId} allocated`);
  }

  private async loadCheckpoint(): Promise<number> {
    const row = await this.db
      .selectFrom("checkpoints")
      .select("position")
      .where("name", "=", CHECKPOINT)
      .executeTakeFirst();
    return Number(row?.position ?? 0);
  }

  private async saveCheckpoint(position: number): Promise<void> {
    await this.db
      .insertInto("checkpoints")
      .values({ name: CHECKPOINT, position })
      .onConflict((conflict) =>
        conflict.column("name").doUpdateSet({ position }),
      )
      .execute();
  }
}
