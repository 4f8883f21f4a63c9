import { Inject, Injectable, Logger } from "@nestjs/common";
import { customDomainStream } from "../../../../../libs/domain/src/index.js";
import type {
  EventStore,
  RecordedEvent,
} from "../../../../../libs/event-store/src/index.js";
import type { ReadModelDb } from "../../../../../libs/read-models/src/index.js";
import { CheckpointedSubscriber } from "../../infrastructure/checkpointed-subscriber.js";
import { EventSourcedRepository } from "../../infrastructure/event-sourced-repository.js";
import { sagaContext } from "../../infrastructure/saga-context.js";
import { EVENT_STORE, READ_MODEL_DB } from "../../infrastructure/tokens.js";
import { DnsCheckService } from "../dns/dns-check.service.js";
import { customDomainModel } from "../domain-stream.model.js";

/**
 * Checks the DNS of each newly added custom domain once, which also moves
 * the domain's status from `pending` to `succeeded`. A domain already
 * checked is skipped, so replaying the log sends no lookups again.
 *
 * NOTE: checks run one at a time, so a slow name server delays the checks
 * of later domains by up to DNS_TIMEOUT_MS each.
 */
@Injectable()
export class DnsCheckSaga extends CheckpointedSubscriber {
  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(READ_MODEL_DB) db: ReadModelDb,
    private readonly repository: EventSourcedRepository,
    private readonly dnsChecks: DnsCheckService,
  ) {
    super("saga:dns-check", store, db, new Logger(DnsCheckSaga.name));
  }

  protected async handle(event: RecordedEvent): Promise<void> {
    if (event.type !== "CustomDomainAdded") return;
    const domainId = String(event.data.domainId);
    const { state } = await this.repository.load(
      customDomainStream(domainId),
      customDomainModel,
    );
    if (state.lastDnsCheck !== null) return;
    await this.dnsChecks.check(domainId, sagaContext(event, "dns-check"));
  }
}
