import type { ReadModelDb } from "../schema.js";

export interface CustomDomainRow {
  domainId: string;
  appId: string;
  hostname: string;
  cname: string;
  /** The attached SNI endpoint, or null; null too when its row is gone. */
  sniEndpoint: { id: string; name: string } | null;
  /** `pending` until the first DNS check, then `succeeded`. */
  status: string;
  dnsStatus: string | null;
  dnsStatusReason: string | null;
  dnsCheckedAt: string | null;
  acmStatus: string | null;
  acmStatusReason: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Sort key of a domain listing, named as in the `Range` header. */
export type DomainSortField = "id" | "hostname";

export interface DomainPageQuery {
  field: DomainSortField;
  /** Value of `field` to start from; null starts at the first domain. */
  start: string | null;
  /** Whether `start` itself is left out (`]value..` in the `Range` header). */
  exclusive: boolean;
  /** Last value of `field` to include, or null for no end. */
  end: string | null;
  limit: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Queries of custom domains, their SNI endpoints and the ACM switch. */
export class DomainQueries {
  constructor(private readonly db: ReadModelDb) {}

  /** Custom domains whose last DNS check was not ok, or that were never checked, with when they were last checked. */
  async notResolvingOk(): Promise<
    { domainId: string; checkedAt: string | null }[]
  > {
    const rows = await this.db
      .selectFrom("custom_domains")
      .select(["domain_id", "dns_checked_at"])
      .where((where) =>
        where.or([
          where("dns_status", "is", null),
          where("dns_status", "!=", "ok"),
        ]),
      )
      .orderBy("domain_id")
      .execute();
    return rows.map((row) => ({
      domainId: row.domain_id,
      checkedAt: row.dns_checked_at,
    }));
  }

  async countOf(appId: string): Promise<number> {
    const row = await this.db
      .selectFrom("custom_domains")
      .select((eb) => eb.fn.countAll<number>().as("count"))
      .where("app_id", "=", appId)
      .executeTakeFirst();
    return Number(row?.count ?? 0);
  }

  /** Custom domains of the app in the order of `query.field`, from `query.start` on. */
  async pageOf(
    appId: string,
    query: DomainPageQuery,
  ): Promise<CustomDomainRow[]> {
    const column = query.field === "id" ? "d.domain_id" : "d.hostname";
    let select = this.domains().where("d.app_id", "=", appId);
    if (query.start !== null)
      select = select.where(column, query.exclusive ? ">" : ">=", query.start);
    if (query.end !== null) select = select.where(column, "<=", query.end);
    const rows = await select.orderBy(column).limit(query.limit).execute();
    return rows.map(toDomain);
  }

  /** Lists every custom domain of the app, ordered by hostname. */
  async allOf(appId: string): Promise<CustomDomainRow[]> {
    const rows = await this.domains()
      .where("d.app_id", "=", appId)
      .orderBy("d.hostname")
      .execute();
    return rows.map(toDomain);
  }

  /** Finds a custom domain of the app by its id or its (normalized) hostname. */
  async findOf(
    appId: string,
    hostnameOrId: string,
  ): Promise<CustomDomainRow | undefined> {
    const column = UUID.test(hostnameOrId) ? "d.domain_id" : "d.hostname";
    const row = await this.domains()
      .where("d.app_id", "=", appId)
      .where(column, "=", hostnameOrId)
      .executeTakeFirst();
    return row && toDomain(row);
  }

  async byId(domainId: string): Promise<CustomDomainRow | undefined> {
    const row = await this.domains()
      .where("d.domain_id", "=", domainId)
      .executeTakeFirst();
    return row && toDomain(row);
  }

  /** Ids of the custom domains attached to an SNI endpoint. */
  async domainIdsOfSniEndpoint(sniEndpointId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom("custom_domains")
      .select("domain_id")
      .where("sni_endpoint_id", "=", sniEndpointId)
      .orderBy("domain_id")
      .execute();
    return rows.map((row) => row.domain_id);
  }

  /** Finds an SNI endpoint of the app by its name or id. */
  async sniEndpointOf(
    appId: string,
    nameOrId: string,
  ): Promise<{ id: string; name: string } | undefined> {
    const column = UUID.test(nameOrId) ? "sni_endpoint_id" : "name";
    const row = await this.db
      .selectFrom("sni_endpoints")
      .select(["sni_endpoint_id", "name"])
      .where("app_id", "=", appId)
      .where(column, "=", nameOrId)
      .executeTakeFirst();
    return row && { id: row.sni_endpoint_id, name: row.name };
  }

  /** ACM status of the app's default domain, null while certificate issuance has not reported one. */
  async defaultDomainAcm(
    appId: string,
  ): Promise<{ status: string | null; reason: string | null }> {
    const row = await this.db
      .selectFrom("apps")
      .select(["default_domain_acm_status", "default_domain_acm_status_reason"])
      .where("id", "=", appId)
      .executeTakeFirst();
    return {
      status: row?.default_domain_acm_status ?? null,
      reason: row?.default_domain_acm_status_reason ?? null,
    };
  }

  private domains() {
    return this.db
      .selectFrom("custom_domains as d")
      .leftJoin("sni_endpoints as s", "s.sni_endpoint_id", "d.sni_endpoint_id")
      .selectAll("d")
      .select("s.name as sni_endpoint_name");
  }
}

function toDomain(row: {
  domain_id: string;
  app_id: string;
  hostname: string;
  cname: string;
  sni_endpoint_id: string | null;
  sni_endpoint_name: string | null;
  status: string;
  dns_status: string | null;
  dns_status_reason: string | null;
  dns_checked_at: string | null;
  acm_status: string | null;
  acm_status_reason: string | null;
  created_at: string;
  updated_at: string;
}): CustomDomainRow {
  const sniEndpoint =
    row.sni_endpoint_id !== null && row.sni_endpoint_name !== null
      ? { id: row.sni_endpoint_id, name: row.sni_endpoint_name }
      : null;
  return {
    domainId: row.domain_id,
    appId: row.app_id,
    hostname: row.hostname,
    cname: row.cname,
    sniEndpoint,
    status: row.status,
    dnsStatus: row.dns_status,
    dnsStatusReason: row.dns_status_reason,
    dnsCheckedAt: row.dns_checked_at,
    acmStatus: row.acm_status,
    acmStatusReason: row.acm_status_reason,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
