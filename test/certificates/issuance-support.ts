import { X509Certificate } from "node:crypto";
import { join } from "node:path";
import Database from "better-sqlite3";
import type {
  EventStore,
  RecordedEvent,
} from "../../libs/event-store/src/index.js";
import { apiRequest } from "../e2e/cli-output.js";
import {
  type ControlPlaneServer,
  openEventStore,
} from "../support/control-plane-server.js";
import { waitFor } from "../support/wait-for.js";

export const ADMIN = "admin@example.com";
export const TEAM = "my-team";
export const SPACE = "my-space";

/** Server settings shared by the certificate tests, with `env` overriding them. */
export function certificateEnv(
  env: Record<string, string> = {},
): Record<string, string> {
  return {
    RENDEZVOUS_PORT: "0",
    DYNO_PROVISION_DELAY_MS: "0",
    SCHEDULER_POLL_MS: "20",
    ...env,
  };
}

/** Creates the admin account, my-team and an allocated my-space; returns the admin's token. */
export async function createTeamSpace(
  server: ControlPlaneServer,
): Promise<string> {
  const token = await server.createAccount(ADMIN);
  await server.admin("teams:create", TEAM, "--admin", ADMIN);
  await apiRequest(server, token, "POST", "/spaces", 201, {
    name: SPACE,
    team: TEAM,
    region: "tokyo",
  });
  await waitFor(
    async () => {
      const space = (await apiRequest(
        server,
        token,
        "GET",
        `/spaces/${SPACE}`,
        200,
      )) as { state: string };
      return space.state === "allocated";
    },
    { description: `${SPACE} to become allocated`, timeoutMs: 30_000 },
  );
  return token;
}

export interface CreatedApp {
  id: string;
  name: string;
  /** The app's default domain, from its `web_url`. */
  defaultDomain: string;
}

/** Creates an app in my-space (or in no space) and returns its id and default domain. */
export async function createApp(
  server: ControlPlaneServer,
  token: string,
  name: string,
  inSpace = true,
): Promise<CreatedApp> {
  const app = (await apiRequest(server, token, "POST", "/teams/apps", 201, {
    name,
    ...(inSpace ? { space: SPACE } : { team: TEAM }),
  })) as { id: string; web_url: string };
  return { id: app.id, name, defaultDomain: new URL(app.web_url).hostname };
}

/** Reads the `kind: heroku` entry of `GET /apps/{app}/domains`. */
export async function defaultDomainEntry(
  server: ControlPlaneServer,
  token: string,
  app: string,
): Promise<{
  hostname: string;
  acm_status: string | null;
  acm_status_reason: string | null;
}> {
  const domains = (await apiRequest(
    server,
    token,
    "GET",
    `/apps/${app}/domains`,
    200,
  )) as {
    kind: string;
    hostname: string;
    acm_status: string | null;
    acm_status_reason: string | null;
  }[];
  const entry = domains.find((domain) => domain.kind === "heroku");
  if (!entry) throw new Error(`GET /apps/${app}/domains has no heroku entry`);
  return entry;
}

/** A managed certificate as the `certificates` read model stores it. */
export interface CertificateRecord {
  certificate_id: string;
  app_id: string;
  scope: string;
  hostnames: string;
  state: string;
  acm_status: string | null;
  acm_status_reason: string | null;
  attempts: number;
  order_url: string | null;
  chain_pem: string | null;
}

/**
 * The server's event log and read models, opened read-side; both are
 * SQLite in WAL mode, so reading is safe while the server writes.
 */
export class ServerRecords {
  private readonly store: EventStore;
  private readonly readModels: Database.Database;

  constructor(dataDir: string) {
    this.store = openEventStore(dataDir);
    this.readModels = new Database(join(dataDir, "read-models.sqlite"), {
      readonly: true,
      fileMustExist: true,
    });
  }

  /** Events of the certificate streams, in log order, optionally of one type. */
  async certificateEvents(type?: string): Promise<RecordedEvent[]> {
    const events = await this.store.readAll();
    return events.filter(
      (event) =>
        event.streamId.startsWith("certificate-") &&
        (type === undefined || event.type === type),
    );
  }

  certificatesOf(appId: string): CertificateRecord[] {
    return this.readModels
      .prepare(
        "select * from certificates where app_id = ? order by created_at, certificate_id",
      )
      .all(appId) as CertificateRecord[];
  }

  /** The app's SNI endpoints of ACM certificates, with their domain and names. */
  acmEndpointsOf(
    appId: string,
  ): { domain_id: string | null; cert_domains: string }[] {
    return this.readModels
      .prepare(
        "select domain_id, cert_domains from sni_endpoints where app_id = ? and acm = 1 order by created_at",
      )
      .all(appId) as { domain_id: string | null; cert_domains: string }[];
  }

  /** The app's default-domain ACM status columns. */
  defaultDomainStatus(appId: string): {
    status: string | null;
    reason: string | null;
  } {
    const row = this.readModels
      .prepare(
        "select default_domain_acm_status as status, default_domain_acm_status_reason as reason from apps where id = ?",
      )
      .get(appId) as { status: string | null; reason: string | null };
    return row;
  }

  async close(): Promise<void> {
    this.readModels.close();
    await this.store.close();
  }
}

/** Waits until the app's certificate for `hostname` has `state`, and returns it. */
export async function waitForCertificate(
  records: ServerRecords,
  appId: string,
  hostname: string,
  state: string,
  timeoutMs = 20_000,
): Promise<CertificateRecord> {
  let found: CertificateRecord | undefined;
  let seen: CertificateRecord[] = [];
  await waitFor(
    () => {
      seen = records.certificatesOf(appId);
      found = seen.find(
        (row) =>
          row.state === state &&
          (JSON.parse(row.hostnames) as string[]).includes(hostname),
      );
      return found !== undefined;
    },
    { description: `certificate of ${hostname} to be ${state}`, timeoutMs },
  ).catch((error: Error) => {
    const summary = seen
      .map((row) => `${row.hostnames} ${row.state} ${row.acm_status_reason}`)
      .join("; ");
    throw new Error(`${error.message}; certificates: [${summary}]`);
  });
  return found!;
}

/** Reads the DNS names of a PEM chain's leaf. */
export function subjectAltNames(chainPem: string): string[] {
  const leaf = new X509Certificate(chainPem);
  return (leaf.subjectAltName ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry.startsWith("DNS:"))
    .map((entry) => entry.slice("DNS:".length));
}

/** Splits a PEM chain into its certificates. */
export function splitChain(chainPem: string): X509Certificate[] {
  const blocks =
    chainPem.match(
      /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g,
    ) ?? [];
  return blocks.map((block) => new X509Certificate(block));
}
