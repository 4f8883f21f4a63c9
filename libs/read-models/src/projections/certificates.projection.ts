import type {
  CertificateEvent,
  ControlPlaneEvent,
} from "../../../domain/src/index.js";
import type { Projection, ReadModelTransaction } from "./projection.js";

const DNS_VERIFIED = "dns-verified";

type CertificateRow = {
  certificate_id: string;
  app_id: string;
  scope: string;
  domain_id: string | null;
  hostnames: string;
  state: string;
  chain_pem: string | null;
};

/**
 * Managed certificates and their timers, and the ACM status they give
 * their domain: `apps.default_domain_acm_status*` for the default domain,
 * `custom_domains.acm_status*` and an `sni_endpoints` row with `acm = 1`
 * for a custom domain. Statuses use Heroku's wording: null (waiting),
 * `dns-verified` (a custom domain waiting with a passing DNS check),
 * `cert issued`, `failing` (will retry) and `failed` (gave up).
 */
export class CertificatesProjection implements Projection {
  readonly name = "certificates";

  async apply(
    trx: ReadModelTransaction,
    event: ControlPlaneEvent,
  ): Promise<void> {
    if (event.type === "CustomDomainDnsChecked") {
      await this.applyDnsCheck(trx, event.data.domainId, event.data.outcome);
      return;
    }
    if (!isCertificateEvent(event)) return;
    switch (event.type) {
      case "CertificateRequested": {
        const data = event.data;
        await trx
          .insertInto("certificates")
          .values({
            certificate_id: data.certificateId,
            app_id: data.appId,
            scope: data.scope,
            domain_id: data.domainId,
            hostnames: JSON.stringify(data.hostnames),
            state: "ordering",
            acm_status: null,
            acm_status_reason: null,
            attempts: 0,
            order_url: null,
            chain_pem: null,
            serial_number: null,
            issuer: null,
            not_before: null,
            not_after: null,
            created_at: data.at,
            updated_at: data.at,
          })
          .onConflict((conflict) => conflict.doNothing())
          .execute();
        await this.setStatus(trx, data.certificateId, null, null, data.at);
        return;
      }
      case "CertificateOrderAttempted":
        await this.update(trx, event.data.certificateId, {
          attempts: event.data.attempt,
          order_url: null,
          updated_at: event.data.at,
        });
        return;
      case "CertificateOrderPlaced":
        await this.update(trx, event.data.certificateId, {
          order_url: event.data.orderUrl,
          updated_at: event.data.at,
        });
        return;
      case "CertificateOrderFailed":
        await this.setStatus(
          trx,
          event.data.certificateId,
          "failing",
          event.data.detail,
          event.data.at,
        );
        return;
      case "CertificateIssuanceFailed":
        await this.update(trx, event.data.certificateId, {
          state: "failed",
          updated_at: event.data.at,
        });
        await this.setStatus(
          trx,
          event.data.certificateId,
          "failed",
          event.data.reason,
          event.data.at,
        );
        return;
      case "CertificateIssued": {
        const data = event.data;
        await this.update(trx, data.certificateId, {
          state: "issued",
          chain_pem: data.chainPem,
          serial_number: data.serialNumber,
          issuer: data.issuer,
          not_before: data.notBefore,
          not_after: data.notAfter,
          updated_at: data.at,
        });
        await this.setStatus(
          trx,
          data.certificateId,
          "cert issued",
          null,
          data.at,
        );
        await this.upsertAcmEndpoint(trx, data);
        return;
      }
      case "CertificateTimerScheduled":
        await trx
          .insertInto("certificate_timers")
          .values({
            timer_id: event.data.timerId,
            certificate_id: event.data.certificateId,
            purpose: event.data.purpose,
            attempt: event.data.attempt,
            due_at: event.data.dueAt,
          })
          .onConflict((conflict) => conflict.doNothing())
          .execute();
        return;
      case "CertificateTimerFired":
        await trx
          .deleteFrom("certificate_timers")
          .where("timer_id", "=", event.data.timerId)
          .execute();
        return;
      case "CertificateRefreshRequested": {
        const row = await this.rowOf(trx, event.data.certificateId);
        await this.update(trx, event.data.certificateId, {
          state: "ordering",
          updated_at: event.data.at,
        });
        // A certificate issued before a failed renewal is still served.
        const status = row?.chain_pem ? "cert issued" : null;
        await this.setStatus(
          trx,
          event.data.certificateId,
          status,
          null,
          event.data.at,
        );
        return;
      }
      case "CertificateRetired":
        await this.retire(trx, event.data.certificateId, event.data.at);
        return;
    }
  }

  private async retire(
    trx: ReadModelTransaction,
    certificateId: string,
    at: string,
  ): Promise<void> {
    // Cleared before the state changes, because setStatus skips retired
    // certificates; a retired certificate is no longer waiting for anything.
    await this.setStatus(trx, certificateId, null, null, at, false);
    await this.update(trx, certificateId, { state: "retired", updated_at: at });
    await trx
      .deleteFrom("certificate_timers")
      .where("certificate_id", "=", certificateId)
      .execute();
    await trx
      .deleteFrom("sni_endpoints")
      .where("sni_endpoint_id", "=", certificateId)
      .where("acm", "=", 1)
      .execute();
  }

  /** Writes the ACM status of the certificate's domain, unless the certificate is retired. */
  private async setStatus(
    trx: ReadModelTransaction,
    certificateId: string,
    status: string | null,
    reason: string | null,
    at: string,
    showDnsVerified = true,
  ): Promise<void> {
    const row = await this.rowOf(trx, certificateId);
    if (!row || row.state === "retired") return;
    await this.update(trx, certificateId, {
      acm_status: status,
      acm_status_reason: reason,
    });
    if (row.scope === "default-domain") {
      await trx
        .updateTable("apps")
        .set({
          default_domain_acm_status: status,
          default_domain_acm_status_reason: reason,
        })
        .where("id", "=", row.app_id)
        .execute();
      return;
    }
    if (row.domain_id === null) return;
    const domain = await trx
      .selectFrom("custom_domains")
      .select("dns_status")
      .where("domain_id", "=", row.domain_id)
      .executeTakeFirst();
    // While waiting, a custom domain whose DNS check passed reads `dns-verified`.
    const shown =
      showDnsVerified && status === null && domain?.dns_status === "ok"
        ? DNS_VERIFIED
        : status;
    await trx
      .updateTable("custom_domains")
      .set({ acm_status: shown, acm_status_reason: reason, updated_at: at })
      .where("domain_id", "=", row.domain_id)
      .execute();
  }

  /** Moves a waiting custom domain between null and `dns-verified` as its DNS checks change. */
  private async applyDnsCheck(
    trx: ReadModelTransaction,
    domainId: string,
    outcome: string,
  ): Promise<void> {
    const waiting = await trx
      .selectFrom("certificates")
      .select("certificate_id")
      .where("domain_id", "=", domainId)
      .where("state", "!=", "retired")
      .where("acm_status", "is", null)
      .executeTakeFirst();
    if (!waiting) return;
    await trx
      .updateTable("custom_domains")
      .set({ acm_status: outcome === "ok" ? DNS_VERIFIED : null })
      .where("domain_id", "=", domainId)
      .execute();
  }

  /** A custom domain's ACM certificate is listed as an SNI endpoint with `acm = 1`, its id the certificate's. */
  private async upsertAcmEndpoint(
    trx: ReadModelTransaction,
    data: Extract<CertificateEvent, { type: "CertificateIssued" }>["data"],
  ): Promise<void> {
    const row = await this.rowOf(trx, data.certificateId);
    if (!row || row.scope !== "custom-domain") return;
    const leafSubject = `/CN=${(JSON.parse(row.hostnames) as string[])[0] ?? ""}`;
    const values = {
      certificate_chain: data.chainPem,
      cert_domains: row.hostnames,
      starts_at: data.notBefore,
      expires_at: data.notAfter,
      issuer: data.issuer,
      subject: leafSubject,
      ca_signed: 1,
      self_signed: 0,
      updated_at: data.at,
    };
    await trx
      .insertInto("sni_endpoints")
      .values({
        sni_endpoint_id: data.certificateId,
        app_id: row.app_id,
        name: acmEndpointName(data.certificateId),
        display_name: null,
        acm: 1,
        domain_id: row.domain_id,
        created_at: data.at,
        ...values,
      })
      .onConflict((conflict) =>
        conflict.column("sni_endpoint_id").doUpdateSet(values),
      )
      .execute();
  }

  private rowOf(
    trx: ReadModelTransaction,
    certificateId: string,
  ): Promise<CertificateRow | undefined> {
    return trx
      .selectFrom("certificates")
      .select([
        "certificate_id",
        "app_id",
        "scope",
        "domain_id",
        "hostnames",
        "state",
        "chain_pem",
      ])
      .where("certificate_id", "=", certificateId)
      .executeTakeFirst();
  }

  private async update(
    trx: ReadModelTransaction,
    certificateId: string,
    values: Partial<{
      state: string;
      acm_status: string | null;
      acm_status_reason: string | null;
      attempts: number;
      order_url: string | null;
      chain_pem: string;
      serial_number: string;
      issuer: string;
      not_before: string;
      not_after: string;
      updated_at: string;
    }>,
  ): Promise<void> {
    await trx
      .updateTable("certificates")
      .set(values)
      .where("certificate_id", "=", certificateId)
      .execute();
  }
}

/** Name of the SNI endpoint of an ACM certificate, unique within the app because the id is. */
export function acmEndpointName(certificateId: string): string {
  return `acm-${certificateId.slice(0, 8)}`;
}

function isCertificateEvent(
  event: ControlPlaneEvent,
): event is CertificateEvent {
  return event.type.startsWith("Certificate");
}
