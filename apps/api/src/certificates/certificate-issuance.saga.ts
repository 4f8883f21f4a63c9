import { generateKeyPairSync } from "node:crypto";
import { Inject, Injectable, Logger } from "@nestjs/common";
import acme from "acme-client";
import {
  CertificateAuthorityError,
  type CertificateIssuer,
} from "../../../../libs/certificate-issuer/src/index.js";
import {
  type AppCreated,
  appStream,
  type CustomDomainAdded,
  type CertificatePolicy,
  type CertificateRetirementReason,
  type CertificateScope,
  certificateStream,
  decideAttemptOrder,
  decideOrderOutcome,
  decideOrderPlaced,
  decideRequestCertificate,
  decideRetireCertificate,
  isAttemptOpen,
  type OrderOutcome,
} from "../../../../libs/domain/src/index.js";
import type {
  EventStore,
  RecordedEvent,
} from "../../../../libs/event-store/src/index.js";
import {
  CertificateQueries,
  type ReadModelDb,
} from "../../../../libs/read-models/src/index.js";
import type { SecretBox } from "../../../../libs/secret-box/src/index.js";
import { appModel } from "../apps/app-stream.model.js";
import { APP_CONFIG, type AppConfig } from "../config/app-config.js";
import { CheckpointedSubscriber } from "../infrastructure/checkpointed-subscriber.js";
import { Clock } from "../infrastructure/clock.js";
import { uuidFrom } from "../infrastructure/command-context.js";
import { crashPoint } from "../infrastructure/crash-points.js";
import { EventSourcedRepository } from "../infrastructure/event-sourced-repository.js";
import { ReadModelsService } from "../infrastructure/read-models.service.js";
import { sagaContext } from "../infrastructure/saga-context.js";
import {
  EVENT_STORE,
  READ_MODEL_DB,
  SECRET_BOX,
} from "../infrastructure/tokens.js";
import { certificatePolicyFrom } from "./certificate-policy.js";
import { certificateModel } from "./certificate-stream.model.js";
import { defaultDomainOf } from "./default-domain.js";
import { CERTIFICATE_ISSUER } from "./tokens.js";

/**
 * Issues and renews the certificates of apps' default domains (apps in a
 * space) and of custom domains under ACM. Each order attempt is recorded
 * with its key before the authority is called. The order's URL is recorded
 * as soon as the authority returns it, so a step replayed after a crash
 * completes the recorded order instead of placing a second one. Retries and
 * renewals wait on certificate timers.
 */
@Injectable()
export class CertificateIssuanceSaga extends CheckpointedSubscriber {
  private readonly policy: CertificatePolicy;
  private readonly certificates: CertificateQueries;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(READ_MODEL_DB) db: ReadModelDb,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(CERTIFICATE_ISSUER) private readonly issuer: CertificateIssuer,
    @Inject(SECRET_BOX) private readonly secretBox: SecretBox,
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
    this.policy = certificatePolicyFrom(config.certificates);
    this.certificates = new CertificateQueries(db);
  }

  protected async handle(event: RecordedEvent): Promise<void> {
    switch (event.type) {
      case "AppCreated":
        return this.onAppCreated(event);
      case "AppRenamed":
        return this.onAppRenamed(event);
      case "AppDestroyed":
        return this.retireAll(
          String(event.data.appId),
          "app-destroyed",
          event,
          () => true,
        );
      case "AcmEnabled":
        return this.onAcmEnabled(event);
      case "AcmDisabled":
        return this.retireAll(
          String(event.data.appId),
          "acm-disabled",
          event,
          (certificate) => certificate.scope === "custom-domain",
        );
      case "CustomDomainAdded":
        return this.onCustomDomainAdded(event);
      case "CustomDomainRemoved":
        return this.retireAll(
          String(event.data.appId),
          "domain-removed",
          event,
          (certificate) => certificate.domainId === event.data.domainId,
        );
      case "CertificateRequested":
        return this.attempt(String(event.data.certificateId), 1, event);
      case "CertificateTimerFired":
        return this.onTimer(String(event.data.timerId), event);
      default:
        return;
    }
  }

  private async onAppCreated(event: RecordedEvent): Promise<void> {
    const app = event.data as AppCreated["data"];
    if (app.spaceId === null) return;
    await this.request(
      "default-domain",
      app.appId,
      null,
      defaultDomainOf(app.name, app.identifier),
      event,
    );
  }

  /** Requests a certificate for each custom domain of the app that has none. */
  private async onAcmEnabled(event: RecordedEvent): Promise<void> {
    const appId = String(event.data.appId);
    await this.readModels.catchUp();
    const domains = await this.certificates.customDomainsOf(appId);
    for (const domain of domains)
      await this.requestForCustomDomain(
        appId,
        domain.domainId,
        domain.hostname,
        event,
      );
  }

  /** Requests a certificate for a domain added while ACM is on; enabling ACM covers the others. */
  private async onCustomDomainAdded(event: RecordedEvent): Promise<void> {
    const { appId, domainId, hostname } =
      event.data as CustomDomainAdded["data"];
    const { state } = await this.repository.load(appStream(appId), appModel);
    if (!state.acm || state.destroyed) return;
    await this.readModels.catchUp();
    await this.requestForCustomDomain(appId, domainId, hostname, event);
  }

  /**
   * Requests a custom domain's certificate unless one is active already:
   * the domain's own event and a later AcmEnabled can both lead here.
   */
  private async requestForCustomDomain(
    appId: string,
    domainId: string,
    hostname: string,
    trigger: RecordedEvent,
  ): Promise<void> {
    const active = await this.certificates.activeCertificates(appId);
    if (active.some((certificate) => certificate.domainId === domainId)) return;
    await this.request("custom-domain", appId, domainId, hostname, trigger);
  }

  /** Retires the certificate of the old name, then requests one for the new name. */
  private async onAppRenamed(event: RecordedEvent): Promise<void> {
    const appId = String(event.data.appId);
    const created = await this.appCreated(appId);
    if (!created || created.spaceId === null) return;
    const hostname = defaultDomainOf(
      String(event.data.name),
      created.identifier,
    );
    await this.retireAll(
      appId,
      "renamed",
      event,
      (certificate) =>
        certificate.scope === "default-domain" &&
        certificate.hostnames[0] !== hostname,
    );
    await this.request("default-domain", appId, null, hostname, event);
  }

  private async request(
    scope: CertificateScope,
    appId: string,
    domainId: string | null,
    hostname: string,
    trigger: RecordedEvent,
  ): Promise<void> {
    // Derived from the triggering event, so a replay maps to the same stream
    // while a later trigger for the same hostname (renamed back) gets a new one.
    const certificateId = uuidFrom("certificate", scope, hostname, trigger.id);
    const { events } = await this.repository.execute(
      certificateStream(certificateId),
      certificateModel,
      sagaContext(trigger, "request-certificate"),
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

  /** Retires the app's active certificates that `matches` selects. */
  private async retireAll(
    appId: string,
    reason: CertificateRetirementReason,
    trigger: RecordedEvent,
    matches: (certificate: {
      scope: CertificateScope;
      hostnames: string[];
      domainId: string | null;
    }) => boolean,
  ): Promise<void> {
    // The saga's own earlier appends must be in the read model before it is searched.
    await this.readModels.catchUp();
    const active = await this.certificates.activeCertificates(appId);
    for (const certificate of active.filter(matches)) {
      await this.repository.execute(
        certificateStream(certificate.certificateId),
        certificateModel,
        sagaContext(trigger, "retire-certificate"),
        (state) =>
          decideRetireCertificate(state, { reason, at: this.clock.nowIso() }),
      );
      this.logger.log(
        `Retired certificate ${certificate.certificateId} for ${certificate.hostnames.join(", ")} of app ${appId} (${reason})`,
      );
    }
  }

  private async onTimer(timerId: string, event: RecordedEvent): Promise<void> {
    const [certificateId = "", , attempt = "0"] = timerId.split(":");
    await this.attempt(certificateId, Number(attempt), event);
  }

  /** Records attempt `attempt` and runs it, or resumes it when the record exists already. */
  private async attempt(
    certificateId: string,
    attempt: number,
    trigger: RecordedEvent,
  ): Promise<void> {
    const stream = certificateStream(certificateId);
    await this.repository.execute(
      stream,
      certificateModel,
      sagaContext(trigger, `attempt-${attempt}`),
      (state) =>
        decideAttemptOrder(state, {
          attempt,
          privateKey: this.secretBox.encrypt(newPrivateKeyPem(), stream),
          at: this.clock.nowIso(),
        }),
    );
    await this.runAttempt(certificateId, attempt, trigger);
  }

  private async runAttempt(
    certificateId: string,
    attempt: number,
    trigger: RecordedEvent,
  ): Promise<void> {
    const stream = certificateStream(certificateId);
    const { state } = await this.repository.load(stream, certificateModel);
    if (!isAttemptOpen(state, attempt) || !state.privateKey || !state.orderKey)
      return;
    const keyPem = this.secretBox.decrypt(state.privateKey, stream);
    const [, csr] = await acme.crypto.createCsr(
      { commonName: state.hostnames[0], altNames: state.hostnames },
      keyPem,
    );
    this.logger.log(
      `Certificate ${certificateId} attempt ${attempt} for ${state.hostnames.join(", ")} with the ${this.issuer.name} issuer${state.orderUrl ? `, resuming order ${state.orderUrl}` : ""}`,
    );
    let outcome: OrderOutcome;
    try {
      const orderUrl =
        state.orderUrl ??
        (await this.placeOrder(certificateId, attempt, state, trigger));
      const chain = await this.issuer.completeOrder(orderUrl, csr.toString());
      crashPoint("after-order-completed");
      outcome = { kind: "issued", ...chain };
    } catch (error) {
      if (!(error instanceof CertificateAuthorityError)) throw error;
      outcome = {
        kind: "failed",
        problemType: error.problemType,
        detail: error.detail,
        retryable: error.retryable,
      };
    }
    await this.record(certificateId, attempt, outcome, trigger);
  }

  private async placeOrder(
    certificateId: string,
    attempt: number,
    state: { orderKey: string | null; hostnames: string[] },
    trigger: RecordedEvent,
  ): Promise<string> {
    const orderUrl = await this.issuer.placeOrder(
      state.orderKey ?? "",
      state.hostnames,
    );
    await this.repository.execute(
      certificateStream(certificateId),
      certificateModel,
      sagaContext(trigger, `order-placed-${attempt}`),
      (current) =>
        decideOrderPlaced(current, {
          attempt,
          orderUrl,
          at: this.clock.nowIso(),
        }),
    );
    crashPoint("after-order-placed");
    return orderUrl;
  }

  private async record(
    certificateId: string,
    attempt: number,
    outcome: OrderOutcome,
    trigger: RecordedEvent,
  ): Promise<void> {
    const { events } = await this.repository.execute(
      certificateStream(certificateId),
      certificateModel,
      sagaContext(trigger, `outcome-${attempt}`),
      (state) =>
        decideOrderOutcome(state, {
          attempt,
          outcome,
          policy: this.policy,
          now: this.clock.now(),
        }),
    );
    for (const event of events) {
      switch (event.type) {
        case "CertificateIssued":
          this.logger.log(
            `Certificate ${certificateId} issued by ${event.data.issuer}, serial ${event.data.serialNumber}, valid until ${event.data.notAfter}`,
          );
          break;
        case "CertificateOrderFailed":
          this.logger.warn(
            `Certificate ${certificateId} attempt ${attempt} failed: ${event.data.problemType}: ${event.data.detail}`,
          );
          break;
        case "CertificateTimerScheduled":
          this.logger.log(
            `Certificate ${certificateId}: ${event.data.purpose} (attempt ${event.data.attempt}) due at ${event.data.dueAt}`,
          );
          break;
        case "CertificateIssuanceFailed":
          this.logger.error(
            `Certificate ${certificateId} gave up after ${event.data.attempts} attempts: ${event.data.reason}`,
          );
          break;
        default:
          break;
      }
    }
  }

  private async appCreated(appId: string): Promise<AppCreated["data"] | null> {
    const recorded = await this.store.readStream(appStream(appId));
    const created = recorded.find((event) => event.type === "AppCreated");
    return created ? (created.data as AppCreated["data"]) : null;
  }
}

/** Generates an EC P-256 key in PKCS#8 PEM, a key type that Let's Encrypt and Pebble accept. */
function newPrivateKeyPem(): string {
  const { privateKey } = generateKeyPairSync("ec", {
    namedCurve: "prime256v1",
  });
  return privateKey.export({ type: "pkcs8", format: "pem" }).toString();
}
