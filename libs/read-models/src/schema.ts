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
    created_at: string;
    updated_at: string;
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
}

export type ReadModelDb = Kysely<ReadModelTables>;

/** Creates the tables when missing. Portable SQL, so PostgreSQL can run it too. */
export async function migrateReadModels(db: ReadModelDb): Promise<void> {
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
    .addColumn("name", text, (c) => c.notNull().unique())
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
    .addColumn("name", text, (c) => c.notNull().unique())
    .addColumn("identifier", text, (c) => c.notNull())
    .addColumn("team_id", text, (c) => c.notNull())
    .addColumn("space_id", text)
    .addColumn("region", text, (c) => c.notNull())
    .addColumn("stack", text, (c) => c.notNull())
    .addColumn("generation", text, (c) => c.notNull())
    .addColumn("internal_routing", "integer", (c) => c.notNull())
    .addColumn("creator_id", text, (c) => c.notNull())
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
  await sql`create index if not exists app_permissions_account on app_permissions (account_id)`.execute(
    db,
  );
  await sql`create index if not exists apps_team on apps (team_id)`.execute(db);
  await sql`create index if not exists team_members_account on team_members (account_id)`.execute(
    db,
  );
}
