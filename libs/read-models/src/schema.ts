import { type Kysely, sql } from "kysely";

/** Tables of the read models; every column is written by a projection only. */
export interface ReadModelTables {
  checkpoints: { name: string; position: number };
  /** Streams each command appended to, so a retried command finds its first outcome. */
  command_log: { command_id: string; stream_id: string; position: number };
  accounts: { id: string; email: string; created_at: string };
  api_tokens: {
    id: string;
    account_id: string;
    token_hash: string;
    description: string;
    created_at: string;
    revoked_at: string | null;
  };
  teams: { id: string; name: string; created_at: string; updated_at: string };
  team_members: {
    team_id: string;
    account_id: string;
    email: string;
    role: string;
    created_at: string;
    updated_at: string;
  };
  spaces: {
    id: string;
    team_id: string;
    name: string;
    region: string;
    generation: string;
    shield: number;
    cidr: string;
    data_cidr: string;
    state: string;
    created_at: string;
    updated_at: string;
  };
  space_access: {
    space_id: string;
    account_id: string;
    email: string;
    /** JSON array of space permission names. */
    permissions: string;
    updated_at: string;
  };
  apps: {
    id: string;
    name: string;
    identifier: string;
    team_id: string;
    space_id: string | null;
    region: string;
    stack: string;
    generation: string;
    internal_routing: number;
    creator_id: string;
    /** 1 when automated certificate management is on. */
    acm: number;
    /** ACM status of the default domain's certificate, in Heroku's wording; null while waiting. */
    default_domain_acm_status: string | null;
    default_domain_acm_status_reason: string | null;
    created_at: string;
    updated_at: string;
  };
  formations: {
    app_id: string;
    type: string;
    quantity: number;
    size: string;
    command: string;
    created_at: string;
    updated_at: string;
  };
  dynos: {
    dyno_id: string;
    app_id: string;
    name: string;
    type: string;
    size: string;
    command: string;
    /** `formation`, `restart` or `run`. */
    origin: string;
    attach: number;
    /** `starting`, `up`, `crashed` or `down`. */
    state: string;
    zone: string | null;
    attempts: number;
    exit_code: number | null;
    created_at: string;
    updated_at: string;
  };
  /** Timers scheduled and not fired yet; the scheduler fires them when due. */
  timers: {
    timer_id: string;
    dyno_id: string;
    purpose: string;
    attempt: number;
    due_at: string;
  };
  app_permissions: {
    app_id: string;
    account_id: string;
    email: string;
    /** JSON array of app permission names. */
    permissions: string;
    created_at: string;
    updated_at: string;
  };
  custom_domains: {
    domain_id: string;
    app_id: string;
    hostname: string;
    cname: string;
    sni_endpoint_id: string | null;
    /** Heroku's domain status: `pending` until the first DNS check of the domain, then `succeeded`. */
    status: string;
    /** Outcome of the last DNS check (`DnsCheckOutcome`); null before the first one. */
    dns_status: string | null;
    dns_status_reason: string | null;
    dns_checked_at: string | null;
    /** ACM status in Heroku's wording (`cert issued`, `failing`, ...); null while waiting. */
    acm_status: string | null;
    acm_status_reason: string | null;
    created_at: string;
    updated_at: string;
  };
  /** Uploaded certificates, and the ACM certificates of custom domains (`acm` = 1). */
  sni_endpoints: {
    sni_endpoint_id: string;
    app_id: string;
    name: string;
    display_name: string | null;
    certificate_chain: string;
    /** JSON array of the DNS names the certificate covers. */
    cert_domains: string;
    starts_at: string;
    expires_at: string;
    issuer: string;
    subject: string;
    ca_signed: number;
    self_signed: number;
    acm: number;
    /** For an ACM certificate, the custom domain it was issued for. */
    domain_id: string | null;
    created_at: string;
    updated_at: string;
  };
  /** Managed certificates of default and custom domains, retired ones included. */
  certificates: {
    certificate_id: string;
    app_id: string;
    /** `default-domain` or `custom-domain`. */
    scope: string;
    domain_id: string | null;
    /** JSON array of the hostnames ordered. */
    hostnames: string;
    /** `ordering`, `issued`, `failed` or `retired` (see CertificatePhase). */
    state: string;
    acm_status: string | null;
    acm_status_reason: string | null;
    attempts: number;
    order_url: string | null;
    /** The served chain (PEM, leaf first) and its facts, once one was issued. */
    chain_pem: string | null;
    serial_number: string | null;
    issuer: string | null;
    not_before: string | null;
    not_after: string | null;
    created_at: string;
    updated_at: string;
  };
  /** Certificate timers scheduled and not fired yet; the certificate timer scheduler fires them. */
  certificate_timers: {
    timer_id: string;
    certificate_id: string;
    purpose: string;
    attempt: number;
    due_at: string;
  };
}

export type ReadModelDb = Kysely<ReadModelTables>;

/** Creates the tables when missing. Portable SQL, so PostgreSQL can run it too. */
/**
 * Version of the table layout. A database of another version is dropped and
 * rebuilt from the log, which the projector and sagas replay from the start.
 */
export const READ_MODEL_VERSION = 3;
const VERSION_ROW = "read-model-version";

const TABLES = [
  "checkpoints",
  "command_log",
  "accounts",
  "api_tokens",
  "teams",
  "team_members",
  "spaces",
  "space_access",
  "apps",
  "formations",
  "dynos",
  "timers",
  "app_permissions",
  "custom_domains",
  "sni_endpoints",
  "certificates",
  "certificate_timers",
] as const;

export async function migrateReadModels(db: ReadModelDb): Promise<void> {
  await dropOutdatedTables(db);
  await createTables(db);
  await db
    .insertInto("checkpoints")
    .values({ name: VERSION_ROW, position: READ_MODEL_VERSION })
    .onConflict((conflict) => conflict.doNothing())
    .execute();
}

async function dropOutdatedTables(db: ReadModelDb): Promise<void> {
  const version = await db
    .selectFrom("checkpoints")
    .select("position")
    .where("name", "=", VERSION_ROW)
    .executeTakeFirst()
    .catch(() => undefined);
  const hasTables = await db
    .selectFrom("checkpoints")
    .select("name")
    .limit(1)
    .execute()
    .then(
      () => true,
      () => false,
    );
  if (!hasTables || Number(version?.position) === READ_MODEL_VERSION) return;
  for (const table of TABLES)
    await db.schema.dropTable(table).ifExists().execute();
}

async function createTables(db: ReadModelDb): Promise<void> {
  const text = "text";
  await db.schema
    .createTable("checkpoints")
    .ifNotExists()
    .addColumn("name", text, (c) => c.primaryKey())
    .addColumn("position", "bigint", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("command_log")
    .ifNotExists()
    .addColumn("command_id", text, (c) => c.notNull())
    .addColumn("stream_id", text, (c) => c.notNull())
    .addColumn("position", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("command_log_pk", ["command_id", "stream_id"])
    .execute();
  await db.schema
    .createTable("accounts")
    .ifNotExists()
    .addColumn("id", text, (c) => c.primaryKey())
    .addColumn("email", text, (c) => c.notNull().unique())
    .addColumn("created_at", text, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("api_tokens")
    .ifNotExists()
    .addColumn("id", text, (c) => c.primaryKey())
    .addColumn("account_id", text, (c) => c.notNull())
    .addColumn("token_hash", text, (c) => c.notNull().unique())
    .addColumn("description", text, (c) => c.notNull())
    .addColumn("created_at", text, (c) => c.notNull())
    .addColumn("revoked_at", text)
    .execute();
  await db.schema
    .createTable("teams")
    .ifNotExists()
    .addColumn("id", text, (c) => c.primaryKey())
    .addColumn("name", text, (c) => c.notNull().unique())
    .addColumn("created_at", text, (c) => c.notNull())
    .addColumn("updated_at", text, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("team_members")
    .ifNotExists()
    .addColumn("team_id", text, (c) => c.notNull())
    .addColumn("account_id", text, (c) => c.notNull())
    .addColumn("email", text, (c) => c.notNull())
    .addColumn("role", text, (c) => c.notNull())
    .addColumn("created_at", text, (c) => c.notNull())
    .addColumn("updated_at", text, (c) => c.notNull())
    .addPrimaryKeyConstraint("team_members_pk", ["team_id", "account_id"])
    .execute();
  await db.schema
    .createTable("spaces")
    .ifNotExists()
    .addColumn("id", text, (c) => c.primaryKey())
    .addColumn("team_id", text, (c) => c.notNull())
    .addColumn("name", text, (c) => c.notNull())
    .addColumn("region", text, (c) => c.notNull())
    .addColumn("generation", text, (c) => c.notNull())
    .addColumn("shield", "integer", (c) => c.notNull())
    .addColumn("cidr", text, (c) => c.notNull())
    .addColumn("data_cidr", text, (c) => c.notNull())
    .addColumn("state", text, (c) => c.notNull())
    .addColumn("created_at", text, (c) => c.notNull())
    .addColumn("updated_at", text, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("space_access")
    .ifNotExists()
    .addColumn("space_id", text, (c) => c.notNull())
    .addColumn("account_id", text, (c) => c.notNull())
    .addColumn("email", text, (c) => c.notNull())
    .addColumn("permissions", text, (c) => c.notNull())
    .addColumn("updated_at", text, (c) => c.notNull())
    .addPrimaryKeyConstraint("space_access_pk", ["space_id", "account_id"])
    .execute();
  await db.schema
    .createTable("apps")
    .ifNotExists()
    .addColumn("id", text, (c) => c.primaryKey())
    .addColumn("name", text, (c) => c.notNull())
    .addColumn("identifier", text, (c) => c.notNull())
    .addColumn("team_id", text, (c) => c.notNull())
    .addColumn("space_id", text)
    .addColumn("region", text, (c) => c.notNull())
    .addColumn("stack", text, (c) => c.notNull())
    .addColumn("generation", text, (c) => c.notNull())
    .addColumn("internal_routing", "integer", (c) => c.notNull())
    .addColumn("creator_id", text, (c) => c.notNull())
    .addColumn("acm", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("default_domain_acm_status", text)
    .addColumn("default_domain_acm_status_reason", text)
    .addColumn("created_at", text, (c) => c.notNull())
    .addColumn("updated_at", text, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("app_permissions")
    .ifNotExists()
    .addColumn("app_id", text, (c) => c.notNull())
    .addColumn("account_id", text, (c) => c.notNull())
    .addColumn("email", text, (c) => c.notNull())
    .addColumn("permissions", text, (c) => c.notNull())
    .addColumn("created_at", text, (c) => c.notNull())
    .addColumn("updated_at", text, (c) => c.notNull())
    .addPrimaryKeyConstraint("app_permissions_pk", ["app_id", "account_id"])
    .execute();
  await db.schema
    .createTable("formations")
    .ifNotExists()
    .addColumn("app_id", text, (c) => c.notNull())
    .addColumn("type", text, (c) => c.notNull())
    .addColumn("quantity", "integer", (c) => c.notNull())
    .addColumn("size", text, (c) => c.notNull())
    .addColumn("command", text, (c) => c.notNull())
    .addColumn("created_at", text, (c) => c.notNull())
    .addColumn("updated_at", text, (c) => c.notNull())
    .addPrimaryKeyConstraint("formations_pk", ["app_id", "type"])
    .execute();
  await db.schema
    .createTable("dynos")
    .ifNotExists()
    .addColumn("dyno_id", text, (c) => c.primaryKey())
    .addColumn("app_id", text, (c) => c.notNull())
    .addColumn("name", text, (c) => c.notNull())
    .addColumn("type", text, (c) => c.notNull())
    .addColumn("size", text, (c) => c.notNull())
    .addColumn("command", text, (c) => c.notNull())
    .addColumn("origin", text, (c) => c.notNull())
    .addColumn("attach", "integer", (c) => c.notNull())
    .addColumn("state", text, (c) => c.notNull())
    .addColumn("zone", text)
    .addColumn("attempts", "integer", (c) => c.notNull())
    .addColumn("exit_code", "integer")
    .addColumn("created_at", text, (c) => c.notNull())
    .addColumn("updated_at", text, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("timers")
    .ifNotExists()
    .addColumn("timer_id", text, (c) => c.primaryKey())
    .addColumn("dyno_id", text, (c) => c.notNull())
    .addColumn("purpose", text, (c) => c.notNull())
    .addColumn("attempt", "integer", (c) => c.notNull())
    .addColumn("due_at", text, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("custom_domains")
    .ifNotExists()
    .addColumn("domain_id", text, (c) => c.primaryKey())
    .addColumn("app_id", text, (c) => c.notNull())
    .addColumn("hostname", text, (c) => c.notNull().unique())
    .addColumn("cname", text, (c) => c.notNull())
    .addColumn("sni_endpoint_id", text)
    .addColumn("status", text, (c) => c.notNull())
    .addColumn("dns_status", text)
    .addColumn("dns_status_reason", text)
    .addColumn("dns_checked_at", text)
    .addColumn("acm_status", text)
    .addColumn("acm_status_reason", text)
    .addColumn("created_at", text, (c) => c.notNull())
    .addColumn("updated_at", text, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("sni_endpoints")
    .ifNotExists()
    .addColumn("sni_endpoint_id", text, (c) => c.primaryKey())
    .addColumn("app_id", text, (c) => c.notNull())
    .addColumn("name", text, (c) => c.notNull())
    .addColumn("display_name", text)
    .addColumn("certificate_chain", text, (c) => c.notNull())
    .addColumn("cert_domains", text, (c) => c.notNull())
    .addColumn("starts_at", text, (c) => c.notNull())
    .addColumn("expires_at", text, (c) => c.notNull())
    .addColumn("issuer", text, (c) => c.notNull())
    .addColumn("subject", text, (c) => c.notNull())
    .addColumn("ca_signed", "integer", (c) => c.notNull())
    .addColumn("self_signed", "integer", (c) => c.notNull())
    .addColumn("acm", "integer", (c) => c.notNull())
    .addColumn("domain_id", text)
    .addColumn("created_at", text, (c) => c.notNull())
    .addColumn("updated_at", text, (c) => c.notNull())
    .addUniqueConstraint("sni_endpoints_app_name", ["app_id", "name"])
    .execute();
  await db.schema
    .createTable("certificates")
    .ifNotExists()
    .addColumn("certificate_id", text, (c) => c.primaryKey())
    .addColumn("app_id", text, (c) => c.notNull())
    .addColumn("scope", text, (c) => c.notNull())
    .addColumn("domain_id", text)
    .addColumn("hostnames", text, (c) => c.notNull())
    .addColumn("state", text, (c) => c.notNull())
    .addColumn("acm_status", text)
    .addColumn("acm_status_reason", text)
    .addColumn("attempts", "integer", (c) => c.notNull())
    .addColumn("order_url", text)
    .addColumn("chain_pem", text)
    .addColumn("serial_number", text)
    .addColumn("issuer", text)
    .addColumn("not_before", text)
    .addColumn("not_after", text)
    .addColumn("created_at", text, (c) => c.notNull())
    .addColumn("updated_at", text, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("certificate_timers")
    .ifNotExists()
    .addColumn("timer_id", text, (c) => c.primaryKey())
    .addColumn("certificate_id", text, (c) => c.notNull())
    .addColumn("purpose", text, (c) => c.notNull())
    .addColumn("attempt", "integer", (c) => c.notNull())
    .addColumn("due_at", text, (c) => c.notNull())
    .execute();
  await sql`create index if not exists certificates_app on certificates (app_id, scope, state)`.execute(
    db,
  );
  await sql`create index if not exists certificate_timers_due on certificate_timers (due_at)`.execute(
    db,
  );
  await sql`create index if not exists custom_domains_app on custom_domains (app_id, hostname)`.execute(
    db,
  );
  await sql`create index if not exists sni_endpoints_app on sni_endpoints (app_id, name)`.execute(
    db,
  );
  await sql`create index if not exists dynos_app on dynos (app_id, state)`.execute(
    db,
  );
  await sql`create index if not exists timers_due on timers (due_at)`.execute(
    db,
  );
  await sql`create index if not exists apps_name on apps (name)`.execute(db);
  await sql`create index if not exists spaces_name on spaces (name)`.execute(
    db,
  );
  await sql`create index if not exists app_permissions_account on app_permissions (account_id)`.execute(
    db,
  );
  await sql`create index if not exists apps_team on apps (team_id)`.execute(db);
  await sql`create index if not exists team_members_account on team_members (account_id)`.execute(
    db,
  );
}
