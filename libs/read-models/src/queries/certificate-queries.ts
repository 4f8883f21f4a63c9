import type { ReadModelDb } from "../schema.js";

export interface CertificateTimerRow {
  timerId: string;
  certificateId: string;
  purpose: string;
  attempt: number;
  dueAt: string;
}

export interface CertificateRow {
  certificateId: string;
  appId: string;
  scope: "default-domain" | "custom-domain";
  domainId: string | null;
  hostnames: string[];
  state: string;
  acmStatus: string | null;
  acmStatusReason: string | null;
  attempts: number;
  orderUrl: string | null;
  serialNumber: string | null;
  notAfter: string | null;
}

/** Managed certificates and their pending timers. */
export class CertificateQueries {
  constructor(private readonly db: ReadModelDb) {}

  /** Certificates of the app that are not retired, oldest first. */
  async activeCertificates(appId: string): Promise<CertificateRow[]> {
    const rows = await this.db
      .selectFrom("certificates")
      .selectAll()
      .where("app_id", "=", appId)
      .where("state", "!=", "retired")
      .orderBy("created_at")
      .execute();
    return rows.map((row) => ({
      certificateId: row.certificate_id,
      appId: row.app_id,
      scope: row.scope as CertificateRow["scope"],
      domainId: row.domain_id,
      hostnames: JSON.parse(row.hostnames) as string[],
      state: row.state,
      acmStatus: row.acm_status,
      acmStatusReason: row.acm_status_reason,
      attempts: Number(row.attempts),
      orderUrl: row.order_url,
      serialNumber: row.serial_number,
      notAfter: row.not_after,
    }));
  }

  /** Custom domains of the app with their hostnames, in hostname order. */
  async customDomainsOf(
    appId: string,
  ): Promise<{ domainId: string; hostname: string }[]> {
    const rows = await this.db
      .selectFrom("custom_domains")
      .select(["domain_id", "hostname"])
      .where("app_id", "=", appId)
      .orderBy("hostname")
      .execute();
    return rows.map((row) => ({
      domainId: row.domain_id,
      hostname: row.hostname,
    }));
  }

  /** Timers due at or before `now`, oldest first. */
  async dueTimers(now: Date, limit: number): Promise<CertificateTimerRow[]> {
    const rows = await this.db
      .selectFrom("certificate_timers")
      .selectAll()
      .where("due_at", "<=", now.toISOString())
      .orderBy("due_at")
      .limit(limit)
      .execute();
    return rows.map((row) => ({
      timerId: row.timer_id,
      certificateId: row.certificate_id,
      purpose: row.purpose,
      attempt: Number(row.attempt),
      dueAt: row.due_at,
    }));
  }
}
