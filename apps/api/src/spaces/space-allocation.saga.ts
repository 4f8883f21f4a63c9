import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
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
import {
  type CommandContext,
  deriveCommandId,
} from "../infrastructure/command-context.js";
import { Clock } from "../infrastructure/clock.js";
import { EventSourcedRepository } from "../infrastructure/event-sourced-repository.js";
import { EVENT_STORE } from "../infrastructure/tokens.js";
import { spaceModel } from "./space-stream.model.js";

const SYSTEM_ACTOR = "system";

/**
 * Moves each new space from `allocating` to `allocated`. Network allocation
 * is simulated, so the step follows at once. The command id derives from
 * the triggering event, so a replay after a crash appends nothing twice,
 * and the saga resumes from the position of the last event it handled.
 */
@Injectable()
export class SpaceAllocationSaga implements OnApplicationShutdown {
  private readonly logger = new Logger(SpaceAllocationSaga.name);
  private subscription: Subscription | null = null;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly repository: EventSourcedRepository,
    private readonly clock: Clock,
  ) {}

  start(): void {
    // NOTE: the saga re-reads the log from the start on every boot and relies on
    // idempotent appends; a stored checkpoint comes with the scheduler of timers.
    this.subscription = this.store.subscribeToAll(
      (events) => this.handle(events),
      {
        onError: (error) =>
          this.logger.error(
            `Space allocation saga stopped: ${error.message}`,
            error.stack,
          ),
      },
    );
    this.logger.log("Space allocation saga started");
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.stop();
    this.logger.log("Space allocation saga stopped");
  }

  private async handle(events: RecordedEvent[]): Promise<void> {
    for (const event of events) {
      if (event.type !== "SpaceCreated") continue;
      const spaceId = String(event.data.spaceId);
      const context: CommandContext = {
        actorId: SYSTEM_ACTOR,
        actorEmail: SYSTEM_ACTOR,
        requestId: event.metadata.requestId,
        commandId: deriveCommandId(SYSTEM_ACTOR, "AllocateSpace", event.id),
        causationId: event.id,
        correlationId: event.metadata.correlationId,
      };
      await this.repository.execute(
        spaceStream(spaceId),
        spaceModel,
        context,
        (state) => decideAllocateSpace(state, { at: this.clock.nowIso() }),
      );
      this.logger.log(`Space ${spaceId} allocated`);
    }
  }
}
