import type {
  CertificateSummary,
  ControlPlaneEvent,
} from "../../../domain/src/index.js";
import type { Projection, ReadModelTransaction } from "./projection.js";

/**
 * Uploaded certificates: the `sni_endpoints` rows with `acm` = 0. Removing
 * an endpoint also detaches it from the custom domains that used it.
 */
export class SniEndpointsProjection implements Projection {
  readonly name = "sni-endpoints";

  async apply(
    trx: ReadModelTransaction,
    event: ControlPlaneEvent,
  ): Promise<void> {
    switch (event.type) {
      case "SniEndpointAdded": {
        const endpoint = event.data;
        await trx
          .insertInto("sni_endpoints")
          .values({
            sni_endpoint_id: endpoint.sniEndpointId,
            app_id: endpoint.appId,
            name: endpoint.name,
            display_name: null,
            certificate_chain: endpoint.certificateChain,
            ...certificateColumns(endpoint.certificate),
            acm: 0,
            domain_id: null,
            created_at: endpoint.at,
            updated_at: endpoint.at,
          })
          .onConflict((conflict) =>
            conflict.column("sni_endpoint_id").doNothing(),
          )
          .execute();
        return;
      }
      case "SniEndpointUpdated":
        await trx
          .updateTable("sni_endpoints")
          .set({
            certificate_chain: event.data.certificateChain,
            ...certificateColumns(event.data.certificate),
            updated_at: event.data.at,
          })
          .where("sni_endpoint_id", "=", event.data.sniEndpointId)
          .where("acm", "=", 0)
          .execute();
        return;
      case "SniEndpointRemoved":
        await trx
          .deleteFrom("sni_endpoints")
          .where("sni_endpoint_id", "=", event.data.sniEndpointId)
          .where("acm", "=", 0)
          .execute();
        // The domain teardown saga detaches the endpoint's domains with events
        // of their own. Listings show them detached at once, because the
        // endpoint row is gone.
        return;
      default:
        return;
    }
  }
}

function certificateColumns(certificate: CertificateSummary) {
  return {
    cert_domains: JSON.stringify(certificate.certDomains),
    starts_at: certificate.startsAt,
    expires_at: certificate.expiresAt,
    issuer: certificate.issuer,
    subject: certificate.subject,
    ca_signed: certificate.caSigned ? 1 : 0,
    self_signed: certificate.selfSigned ? 1 : 0,
  };
}
