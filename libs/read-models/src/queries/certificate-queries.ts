import type { ReadModelDb } from "../schema.js";

export interface CertificateTimerRow {
  timerId: string;
  certificateId: string;
  purpose: string;
  attempt: number;
  dueAt: string;
}

/** Queries of the certificate saga and timer scheduler. */
export class CertificateQueries {
  constructor(private readonly db: ReadModelDb) {}

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

  /** Ids of the app's certificates whose last round of attempts failed. */
  async failedOf(appId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom("certificates")
      .select("certificate_id")
      .where("app_id", "=", appId)
      .where("state", "=", "failed")
      .orderBy("certificate_id")
      .execute();
    return rows.map((row) => row.certificate_id);
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
