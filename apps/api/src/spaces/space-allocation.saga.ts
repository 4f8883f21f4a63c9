import { Inject, Injectable, Logger } from "@nestjs/common";
import {
  decideAllocateSpace,
  spaceStream,
} from "../../../../libs/domain/src/index.js";
import type {
  EventStore,
  RecordedEvent,
} from "../../../../libs/event-store/src/index.js";
import type { ReadModelDb } from "../../../../libs/read-models/src/index.js";
import { CheckpointedSubscriber } from "../infrastructure/checkpointed-subscriber.js";
import { Clock } from "../infrastructure/clock.js";
import { EventSourcedRepository } from "../infrastructure/event-sourced-repository.js";
import { sagaContext } from "../infrastructure/saga-context.js";
import { EVENT_STORE, READ_MODEL_DB } from "../infrastructure/tokens.js";
import { spaceModel } from "./space-stream.model.js";

/**
 * Moves each new space from `allocating` to `allocated`. Network allocation
 * is simulated, so the step follows at once. The command id derives from
 * the triggering event, so a replay after a crash appends nothing twice.
 */
@Injectable()
export class SpaceAllocationSaga extends CheckpointedSubscriber {
  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(READ_MODEL_DB) db: ReadModelDb,
    private readonly repository: EventSourcedRepository,
    private readonly clock: Clock,
  ) {
    super(
      "saga:space-allocation",
      store,
      db,
      new Logger(SpaceAllocationSaga.name),
    );
  }

  protected async handle(event: RecordedEvent): Promise<void> {
    if (event.type !== "SpaceCreated") return;
    const spaceId = String(event.data.spaceId);
    const { position } = await this.repository.execute(
      spaceStream(spaceId),
      spaceModel,
      sagaContext(event, "AllocateSpace"),
      (state) => decideAllocateSpace(state, { at: this.clock.nowIso() }),
    );
    if (position !== null) this.logger.log(`Space ${spaceId} allocated`);
  }
}
