import type { ReadModelDb, ReadModelTables } from "../schema.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An uploaded certificate, or the ACM certificate of a custom domain. */
export interface SniEndpointRow {
  sniEndpointId: string;
  appId: string;
  name: string;
  displayName: string | null;
  certificateChain: string;
  certDomains: string[];
  startsAt: string;
  expiresAt: string;
  issuer: string;
  subject: string;
  caSigned: boolean;
  selfSigned: boolean;
  acm: boolean;
  /**
   * Custom domains served with the certificate: those attached to an
   * uploaded one, or the domain an ACM certificate was issued for.
   */
  domainIds: string[];
  createdAt: string;
  updatedAt: string;
}

type Columns = ReadModelTables["sni_endpoints"];

/** SNI endpoint queries of the read models. */
export class SniEndpointQueries {
  constructor(private readonly db: ReadModelDb) {}

  /** Lists every SNI endpoint of the app, uploaded and ACM, ordered by name. */
  async endpointsOf(appId: string): Promise<SniEndpointRow[]> {
    const rows = await this.db
      .selectFrom("sni_endpoints")
      .selectAll()
      .where("app_id", "=", appId)
      .orderBy("name")
      .execute();
    const attached = await this.attachedDomains(appId);
    return rows.map((row) => toEndpoint(row, attached));
  }

  /** Finds an endpoint of the app by its name or id. */
  async endpointOf(
    appId: string,
    identity: string,
  ): Promise<SniEndpointRow | undefined> {
    const column = UUID.test(identity) ? "sni_endpoint_id" : "name";
    const row = await this.db
      .selectFrom("sni_endpoints")
      .selectAll()
      .where("app_id", "=", appId)
      .where(column, "=", identity)
      .executeTakeFirst();
    if (!row) return undefined;
    return toEndpoint(row, await this.attachedDomains(appId));
  }

  /** Returns the names of the app's endpoints, uploaded and ACM. */
  async namesOf(appId: string): Promise<Set<string>> {
    const rows = await this.db
      .selectFrom("sni_endpoints")
      .select("name")
      .where("app_id", "=", appId)
      .execute();
    return new Set(rows.map((row) => row.name));
  }

  /** Maps each SNI endpoint id to the ids of the app's custom domains attached to it. */
  private async attachedDomains(appId: string): Promise<Map<string, string[]>> {
    const rows = await this.db
      .selectFrom("custom_domains")
      .select(["domain_id", "sni_endpoint_id"])
      .where("app_id", "=", appId)
      .where("sni_endpoint_id", "is not", null)
      .orderBy("hostname")
      .execute();
    const byEndpoint = new Map<string, string[]>();
    for (const row of rows) {
      const endpointId = row.sni_endpoint_id as string;
      byEndpoint.set(endpointId, [
        ...(byEndpoint.get(endpointId) ?? []),
        row.domain_id,
      ]);
    }
    return byEndpoint;
  }
}

function toEndpoint(
  row: Columns,
  attached: ReadonlyMap<string, string[]>,
): SniEndpointRow {
  const acm = row.acm === 1;
  const acmDomains = row.domain_id === null ? [] : [row.domain_id];
  return {
    sniEndpointId: row.sni_endpoint_id,
    appId: row.app_id,
    name: row.name,
    displayName: row.display_name,
    certificateChain: row.certificate_chain,
    certDomains: JSON.parse(row.cert_domains) as string[],
    startsAt: row.starts_at,
    expiresAt: row.expires_at,
    issuer: row.issuer,
    subject: row.subject,
    caSigned: row.ca_signed === 1,
    selfSigned: row.self_signed === 1,
    acm,
    domainIds: acm ? acmDomains : (attached.get(row.sni_endpoint_id) ?? []),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
