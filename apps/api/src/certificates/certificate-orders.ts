import { generateKeyPairSync } from "node:crypto";
import { Inject, Injectable, Logger } from "@nestjs/common";
import acme from "acme-client";
import {
  CertificateAuthorityError,
  type CertificateIssuer,
} from "../../../../libs/certificate-issuer/src/index.js";
import {
  type CertificatePolicy,
  type CertificateState,
  certificateStream,
  decideAttemptOrder,
  decideOrderOutcome,
  decideOrderPlaced,
  isAttemptOpen,
  type OrderOutcome,
} from "../../../../libs/domain/src/index.js";
import type { RecordedEvent } from "../../../../libs/event-store/src/index.js";
import type { SecretBox } from "../../../../libs/secret-box/src/index.js";
import { APP_CONFIG, type AppConfig } from "../config/app-config.js";
import { DnsCheckService } from "../domains/dns/dns-check.service.js";
import { Clock } from "../infrastructure/clock.js";
import { crashPoint } from "../infrastructure/crash-points.js";
import { EventSourcedRepository } from "../infrastructure/event-sourced-repository.js";
import { sagaContext } from "../infrastructure/saga-context.js";
import { SECRET_BOX } from "../infrastructure/tokens.js";
import { certificatePolicyFrom } from "./certificate-policy.js";
import { certificateModel } from "./certificate-stream.model.js";
import { CERTIFICATE_ISSUER } from "./tokens.js";

/**
 * Runs the order attempts of certificates: records the attempt with a new
 * key, places the order, records its URL, completes it and records the
 * outcome. A step replayed after a crash finds the attempt recorded and
 * completes the recorded order instead of placing a second one.
 */
@Injectable()
export class CertificateOrders {
  private readonly logger = new Logger(CertificateOrders.name);
  private readonly policy: CertificatePolicy;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(CERTIFICATE_ISSUER) private readonly issuer: CertificateIssuer,
    @Inject(SECRET_BOX) private readonly secretBox: SecretBox,
    private readonly repository: EventSourcedRepository,
    private readonly clock: Clock,
    private readonly dnsChecks: DnsCheckService,
  ) {
    this.policy = certificatePolicyFrom(config.certificates);
  }

  /** Starts the attempt that a fired retry or renewal timer is for. */
  async onTimer(timerId: string, trigger: RecordedEvent): Promise<void> {
    const [certificateId = "", , attempt = "0"] = timerId.split(":");
    await this.attempt(certificateId, Number(attempt), trigger);
  }

  /** Records attempt `attempt` and runs it, or resumes it when the record exists already. */
  async attempt(
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
    const { state } = await this.repository.load(stream, certificateModel);
    if (!isAttemptOpen(state, attempt)) return;
    const outcome = await this.order(certificateId, attempt, state, trigger);
    await this.record(certificateId, attempt, outcome, trigger);
  }

  /** Places or resumes the attempt's order and completes it; a CA failure becomes a failed outcome. */
  private async order(
    certificateId: string,
    attempt: number,
    state: CertificateState,
    trigger: RecordedEvent,
  ): Promise<OrderOutcome> {
    const stream = certificateStream(certificateId);
    if (!state.privateKey || !state.orderKey)
      throw new Error(`Certificate ${certificateId} has no recorded key.`);
    const keyPem = this.secretBox.decrypt(state.privateKey, stream);
    const [, csr] = await acme.crypto.createCsr(
      { commonName: state.hostnames[0], altNames: state.hostnames },
      keyPem,
    );
    this.logger.log(
      `Certificate ${certificateId} attempt ${attempt} for ${state.hostnames.join(", ")} with the ${this.issuer.name} issuer${state.orderUrl ? `, resuming order ${state.orderUrl}` : ""}`,
    );
    if (state.orderUrl === null) {
      const dnsFailure = await this.checkDns(state, attempt, trigger);
      if (dnsFailure) return dnsFailure;
    }
    try {
      const orderUrl =
        state.orderUrl ??
        (await this.placeOrder(certificateId, attempt, state, trigger));
      const chain = await this.issuer.completeOrder(orderUrl, csr.toString());
      crashPoint("after-order-completed");
      return { kind: "issued", ...chain };
    } catch (error) {
      if (!(error instanceof CertificateAuthorityError)) throw error;
      return {
        kind: "failed",
        problemType: error.problemType,
        detail: error.detail,
        retryable: error.retryable,
      };
    }
  }

  /**
   * Checks that a custom domain's DNS points at its DNS target before an
   * order is placed, so a misconfigured domain shows why in its ACM status
   * whichever CA issues, and no order is spent on it. A failed check is
   * retried like a CA failure, since the owner may fix the records.
   */
  private async checkDns(
    state: CertificateState,
    attempt: number,
    trigger: RecordedEvent,
  ): Promise<OrderOutcome | null> {
    if (state.scope !== "custom-domain" || state.domainId === null) return null;
    const result = await this.dnsChecks.check(
      state.domainId,
      sagaContext(trigger, `dns-check-${attempt}`),
    );
    if (result === null) {
      return {
        kind: "failed",
        problemType: "dns:domain-removed",
        detail: "The custom domain was removed.",
        retryable: false,
      };
    }
    if (result.outcome === "ok") return null;
    this.logger.warn(
      `Certificate ${state.certificateId ?? ""} attempt ${attempt}: DNS of ${result.hostname} (domain ${result.domainId}) is ${result.outcome}; no order placed`,
    );
    return {
      kind: "failed",
      problemType: `dns:${result.outcome}`,
      detail:
        result.reason ?? `The DNS of ${result.hostname} is ${result.outcome}.`,
      retryable: true,
    };
  }

  private async placeOrder(
    certificateId: string,
    attempt: number,
    state: CertificateState,
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
}

/** Generates an EC P-256 key in PKCS#8 PEM, a key type that Let's Encrypt and Pebble accept. */
function newPrivateKeyPem(): string {
  const { privateKey } = generateKeyPairSync("ec", {
    namedCurve: "prime256v1",
  });
  return privateKey.export({ type: "pkcs8", format: "pem" }).toString();
}
