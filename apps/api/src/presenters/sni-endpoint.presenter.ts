import type {
  AppRow,
  SniEndpointRow,
} from "../../../../libs/read-models/src/index.js";
import { uuidFrom } from "../infrastructure/command-context.js";

/** Presents an endpoint as the Platform API's SniEndpoint resource, without its private key. */
export function presentSniEndpoint(
  app: Pick<AppRow, "id" | "name">,
  row: SniEndpointRow,
): Record<string, unknown> {
  return {
    app: { id: app.id, name: app.name },
    certificate_chain: row.certificateChain,
    created_at: row.createdAt,
    display_name: row.displayName,
    domains: row.domainIds,
    id: row.sniEndpointId,
    name: row.name,
    ssl_cert: {
      "ca_signed?": row.caSigned,
      cert_domains: row.certDomains,
      expires_at: row.expiresAt,
      issuer: row.issuer,
      "self_signed?": row.selfSigned,
      starts_at: row.startsAt,
      subject: row.subject,
      // Stable for one certificate, and new when the certificate is replaced.
      id: uuidFrom("ssl-cert", row.sniEndpointId, row.certificateChain),
      acm: row.acm,
    },
    updated_at: row.updatedAt,
  };
}
