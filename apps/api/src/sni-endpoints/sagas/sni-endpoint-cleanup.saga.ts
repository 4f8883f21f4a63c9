import { Inject, Injectable, Logger } from "@nestjs/common";
import {
  decideRemoveSniEndpoint,
  sniEndpointStream,
} from "../../../../../libs/domain/src/index.js";
import type {
  EventStore,
  RecordedEvent,
} from "../../../../../libs/event-store/src/index.js";
import {
  type ReadModelDb,
  SniEndpointQueries,
} from "../../../../../libs/read-models/src/index.js";
import { CheckpointedSubscriber } from "../../infrastructure/checkpointed-subscriber.js";
import { Clock } from "../../infrastructure/clock.js";
import { EventSourcedRepository } from "../../infrastructure/event-sourced-repository.js";
import { ReadModelsService } from "../../infrastructure/read-models.service.js";
import { sagaContext } from "../../infrastructure/saga-context.js";
import { EVENT_STORE, READ_MODEL_DB } from "../../infrastructure/tokens.js";
import { SniEndpointNames } from "../sni-endpoint-names.js";
import { sniEndpointModel } from "../sni-endpoint-stream.model.js";

/**
 * Removes the uploaded certificates of a destroyed app. An upload that
 * raced with the destroy and landed after it is removed too, when its
 * `SniEndpointAdded` shows up for an app that no longer exists.
 */
@Injectable()
export class SniEndpointCleanupSaga extends CheckpointedSubscriber {
  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(READ_MODEL_DB) db: ReadModelDb,
    private readonly repository: EventSourcedRepository,
    private readonly readModels: ReadModelsService,
    private readonly endpoints: SniEndpointQueries,
    private readonly names: SniEndpointNames,
    private readonly clock: Clock,
  ) {
    super(
      "saga:sni-endpoint-cleanup",
      store,
      db,
      new Logger(SniEndpointCleanupSaga.name),
    );
  }

  protected async handle(event: RecordedEvent): Promise<void> {
    switch (event.type) {
      case "AppDestroyed":
        return this.removeAllOf(String(event.data.appId), event);
      case "SniEndpointAdded":
        return this.removeIfAppIsGone(event);
      default:
        return;
    }
  }

  private async removeAllOf(
    appId: string,
    trigger: RecordedEvent,
  ): Promise<void> {
    // The read model must include every endpoint added before the destroy.
    await this.readModels.waitFor(trigger.position);
    const uploaded = (await this.endpoints.endpointsOf(appId)).filter(
      (row) => !row.acm,
    );
    for (const row of uploaded) await this.remove(row.sniEndpointId, trigger);
    if (uploaded.length > 0)
      this.logger.log(
        `Removed ${uploaded.length} SNI endpoint(s) of destroyed app ${appId}`,
      );
  }

  private async removeIfAppIsGone(trigger: RecordedEvent): Promise<void> {
    await this.readModels.waitFor(trigger.position);
    const appId = String(trigger.data.appId);
    if (await this.readModels.queries.appByNameOrId(appId)) return;
    await this.remove(String(trigger.data.sniEndpointId), trigger);
  }

  private async remove(
    sniEndpointId: string,
    trigger: RecordedEvent,
  ): Promise<void> {
    const stream = sniEndpointStream(sniEndpointId);
    const { state } = await this.repository.load(stream, sniEndpointModel);
    if (state.appId === null || state.name === null) return;
    const { appId, name } = state;
    const at = this.clock.nowIso();

    const { events } = await this.repository.execute(
      stream,
      sniEndpointModel,
      sagaContext(trigger, `remove-sni-endpoint:${sniEndpointId}`),
      (current) =>
        decideRemoveSniEndpoint(current, {
          appId,
          reason: "app-destroyed",
          at,
        }),
    );
    await this.names.release(
      appId,
      name,
      sniEndpointId,
      sagaContext(trigger, `release-sni-endpoint-name:${sniEndpointId}`),
      at,
      "app-destroyed",
    );
    if (events.length > 0)
      this.logger.log(
        `SNI endpoint ${name} (${sniEndpointId}) of destroyed app ${appId} removed`,
      );
  }
}
