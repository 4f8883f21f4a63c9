import { Inject, Injectable, Logger } from "@nestjs/common";
import {
  decideRequestDyno,
  decideStopDyno,
  type DynoOrigin,
  type DynoSlot,
  type DynoStopRequested,
  dynoStream,
} from "../../../../../libs/domain/src/index.js";
import type {
  EventStore,
  RecordedEvent,
} from "../../../../../libs/event-store/src/index.js";
import type { ReadModelDb } from "../../../../../libs/read-models/src/index.js";
import { CheckpointedSubscriber } from "../../infrastructure/checkpointed-subscriber.js";
import { Clock } from "../../infrastructure/clock.js";
import { EventSourcedRepository } from "../../infrastructure/event-sourced-repository.js";
import { ReadModelsService } from "../../infrastructure/read-models.service.js";
import { sagaContext } from "../../infrastructure/saga-context.js";
import { EVENT_STORE, READ_MODEL_DB } from "../../infrastructure/tokens.js";
import { dynoModel } from "../dyno-stream.model.js";

/**
 * Turns formation changes and restarts into one dyno stream per started
 * dyno and a stop request per stopped one, and stops every dyno of a
 * destroyed app.
 */
@Injectable()
export class FormationSaga extends CheckpointedSubscriber {
  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(READ_MODEL_DB) db: ReadModelDb,
    private readonly repository: EventSourcedRepository,
    private readonly readModels: ReadModelsService,
    private readonly clock: Clock,
  ) {
    super("saga:formation", store, db, new Logger(FormationSaga.name));
  }

  protected async handle(event: RecordedEvent): Promise<void> {
    switch (event.type) {
      case "FormationChanged":
      case "DynosRestarted": {
        const data = event.data as {
          appId: string;
          start: DynoSlot[];
          stop: DynoSlot[];
        };
        const reason =
          event.type === "FormationChanged" ? "scaled-down" : "restarted";
        for (const slot of data.stop)
          await this.stop(slot.dynoId, reason, event);
        const origin: DynoOrigin =
          event.type === "FormationChanged" ? "formation" : "restart";
        for (const slot of data.start)
          await this.request(data.appId, slot, origin, event);
        return;
      }
      case "AppDestroyed":
        return this.stopAll(String(event.data.appId), event);
      default:
        return;
    }
  }

  private async request(
    appId: string,
    slot: DynoSlot,
    origin: DynoOrigin,
    trigger: RecordedEvent,
  ): Promise<void> {
    await this.repository.execute(
      dynoStream(slot.dynoId),
      dynoModel,
      sagaContext(trigger, "request-dyno"),
      (state) =>
        decideRequestDyno(state, {
          appId,
          slot,
          origin,
          attach: false,
          at: this.clock.nowIso(),
        }),
    );
  }

  private async stop(
    dynoId: string,
    reason: DynoStopRequested["data"]["reason"],
    trigger: RecordedEvent,
  ): Promise<void> {
    await this.repository.execute(
      dynoStream(dynoId),
      dynoModel,
      sagaContext(trigger, "stop-dyno"),
      (state) => decideStopDyno(state, { reason, at: this.clock.nowIso() }),
    );
  }

  private async stopAll(appId: string, trigger: RecordedEvent): Promise<void> {
    // The dynos table must include every dyno requested before the app was destroyed.
    await this.readModels.waitFor(trigger.position);
    const dynos = await this.readModels.dynos.dynosOf(appId);
    for (const dyno of dynos)
      await this.stop(dyno.dynoId, "app-destroyed", trigger);
    if (dynos.length > 0)
      this.logger.log(
        `Stopping ${dynos.length} dynos of destroyed app ${appId}`,
      );
  }
}
