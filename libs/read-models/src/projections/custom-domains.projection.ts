import type { ControlPlaneEvent } from "../../../domain/src/index.js";
import type { Projection, ReadModelTransaction } from "./projection.js";

/**
 * Custom domains of live apps, and the ACM switch of each app. The
 * `acm_status` columns belong to certificate issuance and are left alone
 * here. Rows of a destroyed app stay until the teardown saga removes its
 * domains, because that saga finds them here.
 */
export class CustomDomainsProjection implements Projection {
  readonly name = "custom-domains";

  async apply(
    trx: ReadModelTransaction,
    event: ControlPlaneEvent,
  ): Promise<void> {
    switch (event.type) {
      case "CustomDomainAdded": {
        const domain = event.data;
        await trx
          .insertInto("custom_domains")
          .values({
            domain_id: domain.domainId,
            app_id: domain.appId,
            hostname: domain.hostname,
            cname: domain.cname,
            sni_endpoint_id: domain.sniEndpointId,
            // Pending until the first DNS check has looked at the domain.
            status: "pending",
            dns_status: null,
            dns_status_reason: null,
            dns_checked_at: null,
            acm_status: null,
            acm_status_reason: null,
            created_at: domain.at,
            updated_at: domain.at,
          })
          .onConflict((conflict) => conflict.column("domain_id").doNothing())
          .execute();
        return;
      }
      case "CustomDomainSniEndpointChanged":
        await trx
          .updateTable("custom_domains")
          .set({
            sni_endpoint_id: event.data.sniEndpointId,
            updated_at: event.data.at,
          })
          .where("domain_id", "=", event.data.domainId)
          .execute();
        return;
      case "CustomDomainDnsChecked":
        await trx
          .updateTable("custom_domains")
          .set({
            status: "succeeded",
            dns_status: event.data.outcome,
            dns_status_reason: event.data.reason,
            dns_checked_at: event.data.at,
            updated_at: event.data.at,
          })
          .where("domain_id", "=", event.data.domainId)
          .execute();
        return;
      case "CustomDomainRemoved":
        await trx
          .deleteFrom("custom_domains")
          .where("domain_id", "=", event.data.domainId)
          .execute();
        return;
      case "AcmEnabled":
      case "AcmDisabled":
        await trx
          .updateTable("apps")
          .set({ acm: event.type === "AcmEnabled" ? 1 : 0 })
          .where("id", "=", event.data.appId)
          .execute();
        return;
      default:
        return;
    }
  }
}
