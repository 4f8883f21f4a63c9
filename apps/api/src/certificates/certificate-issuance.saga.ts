import { Inject, Injectable, Logger } from "@nestjs/common";
import {
  appStream,
  type CertificateRetirementReason,
  type CertificateScope,
  certificateStream,
  customDomainStream,
  type CustomDomainAdded,
  type CustomDomainRemoved,
  decideRequestCertificate,
  decideRetireCertificate,
} from "../../../../libs/domain/src/index.js";
import type {
  EventStore,
  RecordedEvent,
} from "../../../../libs/event-store/src/index.js";
import {
  CertificateQueries,
  type ReadModelDb,
} from "../../../../libs/read-models/src/index.js";
import { CheckpointedSubscriber } from "../infrastructure/checkpointed-subscriber.js";
import { Clock } from "../infrastructure/clock.js";
import { EventSourcedRepository } from "../infrastructure/event-sourced-repository.js";
import { ReadModelsService } from "../infrastructure/read-models.service.js";
import { sagaContext } from "../infrastructure/saga-context.js";
import { EVENT_STORE, READ_MODEL_DB } from "../infrastructure/tokens.js";
import { AppHistory } from "./app-history.js";
import {
  customDomainCertificateId,
  defaultDomainCertificateId,
} from "./certificate-ids.js";
import { CertificateOrders } from "./certificate-orders.js";
import { certificateModel } from "./certificate-stream.model.js";
import { defaultDomainOf } from "./default-domain.js";

/**
 * Requests and retires the certificates of apps' default domains (apps in
 * a space) and of custom domains under ACM, and runs their orders through
 * {@link CertificateOrders}. Which certificate an event concerns follows
 * from the app's stream as it stood before that event, and certificate ids
 * derive from the events that called for them, so replaying the whole log
 * (a rebuild of the read models) appends nothing.
 */
@Injectable()
export class CertificateIssuanceSaga extends CheckpointedSubscriber {
  private readonly domains: CertificateQueries;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(READ_MODEL_DB) db: ReadModelDb,
    private readonly orders: CertificateOrders,
    private readonly repository: EventSourcedRepository,
    private readonly readModels: ReadModelsService,
    private readonly clock: Clock,
  ) {
    super(
      "saga:certificate-issuance",
      store,
      db,
      new Logger(CertificateIssuanceSaga.name),
    );
    this.domains = new CertificateQueries(db);
  }

  protected async handle(event: RecordedEvent): Promise<void> {
    switch (event.type) {
      case "AppCreated":
      case "AppRenamed":
        return this.onNaming(event);
      case "AppDestroyed":
        return this.onAppDestroyed(event);
      case "AcmEnabled":
        return this.onAcmEnabled(event);
      case "AcmDisabled":
        return this.onAcmDisabled(event);
      case "CustomDomainAdded":
        return this.onCustomDomainAdded(event);
      case "CustomDomainRemoved":
        return this.onCustomDomainRemoved(event);
      case "CertificateRequested":
        return this.orders.attempt(String(event.data.certificateId), 1, event);
      case "CertificateTimerFired":
        return this.orders.onTimer(String(event.data.timerId), event);
      default:
        return;
    }
  }

  /**
   * Requests the default-domain certificate of an app in a space, after
   * retiring the one of its previous name on a rename.
   */
  private async onNaming(event: RecordedEvent): Promise<void> {
    const appId = String(event.data.appId);
    const history = await this.historyOf(appId);
    const created = history.created;
    if (!created || created.spaceId === null) return;
    if (event.type === "AppRenamed") {
      const previous = history.namingEventBefore(event.position);
      if (previous) {
        await this.retire(
          defaultDomainCertificateId(appId, previous.eventId),
          "renamed",
          event,
        );
      }
    }
    await this.request(
      defaultDomainCertificateId(appId, event.id),
      "default-domain",
      appId,
      null,
      defaultDomainOf(String(event.data.name), created.identifier),
      event,
    );
  }

  /** Retires the default domain's certificate; custom domains' go with their CustomDomainRemoved. */
  private async onAppDestroyed(event: RecordedEvent): Promise<void> {
    const appId = String(event.data.appId);
    const naming = (await this.historyOf(appId)).namingEventBefore(
      event.position,
    );
    if (!naming) return;
    await this.retire(
      defaultDomainCertificateId(appId, naming.eventId),
      "app-destroyed",
      event,
    );
  }

  /**
   * Requests a certificate for each custom domain the app had when ACM was
   * switched on. Domains added later request theirs with their own event.
   */
  private async onAcmEnabled(event: RecordedEvent): Promise<void> {
    const appId = String(event.data.appId);
    await this.readModels.catchUp();
    for (const domain of await this.domains.customDomainsOf(appId)) {
      if (!(await this.domainAddedBefore(domain.domainId, event.position)))
        continue;
      await this.request(
        customDomainCertificateId(domain.domainId, event.id),
        "custom-domain",
        appId,
        domain.domainId,
        domain.hostname,
        event,
      );
    }
  }

  /** Retires the certificates of the ACM period that ends here. */
  private async onAcmDisabled(event: RecordedEvent): Promise<void> {
    const appId = String(event.data.appId);
    const epoch = (await this.historyOf(appId)).acmEpochBefore(event.position);
    if (!epoch) return;
    await this.readModels.catchUp();
    // A domain removed in the meantime had its certificate retired then.
    for (const domain of await this.domains.customDomainsOf(appId)) {
      await this.retire(
        customDomainCertificateId(domain.domainId, epoch),
        "acm-disabled",
        event,
      );
    }
  }

  private async onCustomDomainAdded(event: RecordedEvent): Promise<void> {
    const { appId, domainId, hostname } =
      event.data as CustomDomainAdded["data"];
    const history = await this.historyOf(appId);
    const epoch = history.acmEpochBefore(event.position);
    if (!epoch || history.destroyedBefore(event.position)) return;
    await this.request(
      customDomainCertificateId(domainId, epoch),
      "custom-domain",
      appId,
      domainId,
      hostname,
      event,
    );
  }

  private async onCustomDomainRemoved(event: RecordedEvent): Promise<void> {
    const { appId, domainId, reason } =
      event.data as CustomDomainRemoved["data"];
    const epoch = (await this.historyOf(appId)).acmEpochBefore(event.position);
    if (!epoch) return;
    await this.retire(
      customDomainCertificateId(domainId, epoch),
      reason === "app-destroyed" ? "app-destroyed" : "domain-removed",
      event,
    );
  }

  private async request(
    certificateId: string,
    scope: CertificateScope,
    appId: string,
    domainId: string | null,
    hostname: string,
    trigger: RecordedEvent,
  ): Promise<void> {
    const { events } = await this.repository.execute(
      certificateStream(certificateId),
      certificateModel,
      sagaContext(trigger, `request-certificate-${certificateId}`),
      (state) =>
        decideRequestCertificate(state, {
          certificateId,
          scope,
          appId,
          domainId,
          hostnames: [hostname],
          at: this.clock.nowIso(),
        }),
    );
    if (events.length > 0)
      this.logger.log(
        `Requested certificate ${certificateId} for ${hostname} (${scope}) of app ${appId}`,
      );
  }

  /** Retires a certificate; one never requested or retired already stays as it is. */
  private async retire(
    certificateId: string,
    reason: CertificateRetirementReason,
    trigger: RecordedEvent,
  ): Promise<void> {
    const { events } = await this.repository.execute(
      certificateStream(certificateId),
      certificateModel,
      sagaContext(trigger, `retire-certificate-${certificateId}`),
      (state) =>
        decideRetireCertificate(state, { reason, at: this.clock.nowIso() }),
    );
    if (events.length > 0)
      this.logger.log(`Retired certificate ${certificateId} (${reason})`);
  }

  private async historyOf(appId: string): Promise<AppHistory> {
    return new AppHistory(await this.store.readStream(appStream(appId)));
  }

  private async domainAddedBefore(
    domainId: string,
    position: number,
  ): Promise<boolean> {
    const [added] = await this.store.readStream(customDomainStream(domainId));
    return added !== undefined && added.position < position;
  }
}
