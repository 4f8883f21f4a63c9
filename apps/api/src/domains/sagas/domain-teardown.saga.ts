import { Inject, Injectable, Logger } from "@nestjs/common";
import {
  appStream,
  customDomainStream,
  decideChangeSniEndpoint,
  decideRemoveCustomDomain,
} from "../../../../../libs/domain/src/index.js";
import type {
  EventStore,
  RecordedEvent,
} from "../../../../../libs/event-store/src/index.js";
import type { ReadModelDb } from "../../../../../libs/read-models/src/index.js";
import { appModel } from "../../apps/app-stream.model.js";
import { CheckpointedSubscriber } from "../../infrastructure/checkpointed-subscriber.js";
import { Clock } from "../../infrastructure/clock.js";
import { EventSourcedRepository } from "../../infrastructure/event-sourced-repository.js";
import { NameReservations } from "../../infrastructure/name-reservations.js";
import { ReadModelsService } from "../../infrastructure/read-models.service.js";
import { sagaContext } from "../../infrastructure/saga-context.js";
import { EVENT_STORE, READ_MODEL_DB } from "../../infrastructure/tokens.js";
import { customDomainModel } from "../domain-stream.model.js";

/**
 * Removes the custom domains of a destroyed app and frees their hostnames,
 * so that destroying an app stays one append. A domain added while its app
 * was being destroyed is removed when its own event arrives. Detaches the
 * domains of a removed SNI endpoint. Command ids derive from the triggering
 * event, so a replay appends nothing twice.
 */
@Injectable()
export class DomainTeardownSaga extends CheckpointedSubscriber {
  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(READ_MODEL_DB) db: ReadModelDb,
    private readonly repository: EventSourcedRepository,
    private readonly reservations: NameReservations,
    private readonly readModels: ReadModelsService,
    private readonly clock: Clock,
  ) {
    super(
      "saga:domain-teardown",
      store,
      db,
      new Logger(DomainTeardownSaga.name),
    );
  }

  protected async handle(event: RecordedEvent): Promise<void> {
    switch (event.type) {
      case "AppDestroyed":
        return this.removeAllOf(String(event.data.appId), event);
      case "CustomDomainAdded":
        return this.removeIfAppDestroyed(event);
      case "SniEndpointRemoved":
        return this.detachFrom(String(event.data.sniEndpointId), event);
      default:
        return;
    }
  }

  private async removeAllOf(
    appId: string,
    trigger: RecordedEvent,
  ): Promise<void> {
    // The table must include every domain added before the app was destroyed.
    await this.readModels.waitFor(trigger.position);
    const domains = await this.readModels.domains.allOf(appId);
    for (const domain of domains)
      await this.remove(domain.domainId, domain.hostname, trigger);
    if (domains.length > 0)
      this.logger.log(
        `Removed ${domains.length} custom domains of destroyed app ${appId}`,
      );
  }

  private async removeIfAppDestroyed(trigger: RecordedEvent): Promise<void> {
    const { state } = await this.repository.load(
      appStream(String(trigger.data.appId)),
      appModel,
    );
    if (!state.destroyed) return;
    const domainId = String(trigger.data.domainId);
    const hostname = String(trigger.data.hostname);
    await this.remove(domainId, hostname, trigger);
    this.logger.log(
      `Removed custom domain ${hostname} (${domainId}), added while app ${state.appId} was being destroyed`,
    );
  }

  private async remove(
    domainId: string,
    hostname: string,
    trigger: RecordedEvent,
  ): Promise<void> {
    const at = this.clock.nowIso();
    await this.repository.execute(
      customDomainStream(domainId),
      customDomainModel,
      sagaContext(trigger, `remove-domain:${domainId}`),
      (state) =>
        decideRemoveCustomDomain(state, { reason: "app-destroyed", at }),
    );
    await this.reservations.release(
      "hostname",
      hostname,
      domainId,
      sagaContext(trigger, `release-hostname:${domainId}`),
      at,
      "app-destroyed",
    );
  }

  private async detachFrom(
    sniEndpointId: string,
    trigger: RecordedEvent,
  ): Promise<void> {
    await this.readModels.waitFor(trigger.position);
    const domainIds =
      await this.readModels.domains.domainIdsOfSniEndpoint(sniEndpointId);
    for (const domainId of domainIds) {
      const { position } = await this.repository.execute(
        customDomainStream(domainId),
        customDomainModel,
        sagaContext(trigger, `detach-sni-endpoint:${domainId}`),
        (state) =>
          // A domain removed in the meantime needs no detaching.
          state.removed || state.sniEndpointId !== sniEndpointId
            ? []
            : decideChangeSniEndpoint(state, {
                sniEndpointId: null,
                at: this.clock.nowIso(),
              }),
      );
      if (position !== null)
        this.logger.log(
          `Detached domain ${domainId} from removed SNI endpoint ${sniEndpointId}`,
        );
    }
  }
}
