import type {
  AppPermission,
  SpacePermission,
  TeamRole,
} from "../../../domain/src/index.js";
import type { ReadModelDb } from "../schema.js";
import type {
  AccountRow,
  AppRow,
  CollaboratorRow,
  SpaceAccessRow,
  SpaceRow,
  TeamMemberRow,
  TeamMembershipRow,
  TeamRow,
  TokenRow,
} from "./rows.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Read access to the projected tables. Callers make sure the projector has
 * caught up to the request before they trust a result.
 */
export class ReadModelQueries {
  constructor(private readonly db: ReadModelDb) {}

  async tokenByHash(tokenHash: string): Promise<TokenRow | undefined> {
    const row = await this.tokens()
      .where("t.token_hash", "=", tokenHash)
      .executeTakeFirst();
    return row && this.toToken(row);
  }

  async tokenById(tokenId: string): Promise<TokenRow | undefined> {
    const row = await this.tokens()
      .where("t.id", "=", tokenId)
      .executeTakeFirst();
    return row && this.toToken(row);
  }

  async tokensOf(accountId: string): Promise<TokenRow[]> {
    const rows = await this.tokens()
      .where("t.account_id", "=", accountId)
      .orderBy("t.created_at")
      .execute();
    return rows.map((row) => this.toToken(row));
  }

  /** Streams the command appended to, oldest first; empty when it appended nothing. */
  async streamsOfCommand(commandId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom("command_log")
      .select("stream_id")
      .where("command_id", "=", commandId)
      .orderBy("position")
      .execute();
    return rows.map((row) => row.stream_id);
  }

  async accounts(): Promise<AccountRow[]> {
    const rows = await this.db
      .selectFrom("accounts")
      .selectAll()
      .orderBy("email")
      .execute();
    return rows.map((row) => ({
      id: row.id,
      email: row.email,
      createdAt: row.created_at,
    }));
  }

  async accountCount(): Promise<number> {
    const row = await this.db
      .selectFrom("accounts")
      .select((eb) => eb.fn.countAll<number>().as("count"))
      .executeTakeFirst();
    return Number(row?.count ?? 0);
  }

  async accountByEmail(email: string): Promise<AccountRow | undefined> {
    const row = await this.db
      .selectFrom("accounts")
      .selectAll()
      .where("email", "=", email.toLowerCase())
      .executeTakeFirst();
    return row && { id: row.id, email: row.email, createdAt: row.created_at };
  }

  /** Finds an account by email or id, as paths of the Platform API allow both. */
  async accountByEmailOrId(identity: string): Promise<AccountRow | undefined> {
    if (!UUID.test(identity)) return this.accountByEmail(identity);
    const row = await this.db
      .selectFrom("accounts")
      .selectAll()
      .where("id", "=", identity)
      .executeTakeFirst();
    return row && { id: row.id, email: row.email, createdAt: row.created_at };
  }

  async teamByNameOrId(identity: string): Promise<TeamRow | undefined> {
    const column = UUID.test(identity) ? "id" : "name";
    const row = await this.db
      .selectFrom("teams")
      .selectAll()
      .where(column, "=", identity)
      .executeTakeFirst();
    return (
      row && {
        id: row.id,
        name: row.name,
        createdAt: row.created_at,
        updatedAt: row.updated_at,
      }
    );
  }

  async teamRole(teamId: string, accountId: string): Promise<TeamRole | null> {
    const row = await this.db
      .selectFrom("team_members")
      .select("role")
      .where("team_id", "=", teamId)
      .where("account_id", "=", accountId)
      .executeTakeFirst();
    return (row?.role as TeamRole | undefined) ?? null;
  }

  async teamsOf(accountId: string): Promise<TeamMembershipRow[]> {
    const rows = await this.db
      .selectFrom("team_members as m")
      .innerJoin("teams as t", "t.id", "m.team_id")
      .select(["t.id", "t.name", "t.created_at", "t.updated_at", "m.role"])
      .where("m.account_id", "=", accountId)
      .orderBy("t.name")
      .execute();
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      role: row.role as TeamRole,
    }));
  }

  async teamMembers(teamId: string): Promise<TeamMemberRow[]> {
    const rows = await this.db
      .selectFrom("team_members")
      .selectAll()
      .where("team_id", "=", teamId)
      .orderBy("email")
      .execute();
    return rows.map((row) => ({
      teamId: row.team_id,
      accountId: row.account_id,
      email: row.email,
      role: row.role as TeamRole,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    }));
  }

  async spaceByNameOrId(identity: string): Promise<SpaceRow | undefined> {
    const column = UUID.test(identity) ? "s.id" : "s.name";
    const row = await this.spaces()
      .where(column, "=", identity)
      .executeTakeFirst();
    return row && this.toSpace(row);
  }

  /** Spaces of every team the account belongs to. */
  async spacesVisibleTo(accountId: string): Promise<SpaceRow[]> {
    const rows = await this.spaces()
      .where(
        "s.team_id",
        "in",
        this.db
          .selectFrom("team_members")
          .select("team_id")
          .where("account_id", "=", accountId),
      )
      .orderBy("s.name")
      .execute();
    return rows.map((row) => this.toSpace(row));
  }

  async spaceAccessList(spaceId: string): Promise<SpaceAccessRow[]> {
    const rows = await this.db
      .selectFrom("space_access")
      .selectAll()
      .where("space_id", "=", spaceId)
      .orderBy("email")
      .execute();
    return rows.map((row) => ({
      spaceId: row.space_id,
      accountId: row.account_id,
      email: row.email,
      permissions: JSON.parse(row.permissions) as SpacePermission[],
      updatedAt: row.updated_at,
    }));
  }

  async spacePermissionsOf(
    spaceId: string,
    accountId: string,
  ): Promise<SpacePermission[]> {
    const row = await this.db
      .selectFrom("space_access")
      .select("permissions")
      .where("space_id", "=", spaceId)
      .where("account_id", "=", accountId)
      .executeTakeFirst();
    return row ? (JSON.parse(row.permissions) as SpacePermission[]) : [];
  }

  async appCountInSpace(spaceId: string): Promise<number> {
    const row = await this.db
      .selectFrom("apps")
      .select((eb) => eb.fn.countAll<number>().as("count"))
      .where("space_id", "=", spaceId)
      .executeTakeFirst();
    return Number(row?.count ?? 0);
  }

  async appByNameOrId(identity: string): Promise<AppRow | undefined> {
    const column = UUID.test(identity) ? "a.id" : "a.name";
    const row = await this.apps()
      .where(column, "=", identity)
      .executeTakeFirst();
    return row && this.toApp(row);
  }

  async appsOfTeam(teamId: string): Promise<AppRow[]> {
    const rows = await this.apps()
      .where("a.team_id", "=", teamId)
      .orderBy("a.name")
      .execute();
    return rows.map((row) => this.toApp(row));
  }

  /** Returns apps of the account's teams and apps it has explicit permissions on. */
  async appsVisibleTo(accountId: string): Promise<AppRow[]> {
    const rows = await this.apps()
      .where((eb) =>
        eb.or([
          eb(
            "a.team_id",
            "in",
            eb
              .selectFrom("team_members")
              .select("team_id")
              .where("account_id", "=", accountId),
          ),
          eb(
            "a.id",
            "in",
            eb
              .selectFrom("app_permissions")
              .select("app_id")
              .where("account_id", "=", accountId),
          ),
        ]),
      )
      .orderBy("a.name")
      .execute();
    return rows.map((row) => this.toApp(row));
  }

  /** Explicit permissions of the account on every app, by app id. */
  async grantsOf(accountId: string): Promise<Map<string, AppPermission[]>> {
    const rows = await this.db
      .selectFrom("app_permissions")
      .select(["app_id", "permissions"])
      .where("account_id", "=", accountId)
      .execute();
    return new Map(
      rows.map((row) => [
        row.app_id,
        JSON.parse(row.permissions) as AppPermission[],
      ]),
    );
  }

  /** Explicit permissions of the account on the app, or null when it has none. */
  async appPermissionsOf(
    appId: string,
    accountId: string,
  ): Promise<AppPermission[] | null> {
    const row = await this.db
      .selectFrom("app_permissions")
      .select("permissions")
      .where("app_id", "=", appId)
      .where("account_id", "=", accountId)
      .executeTakeFirst();
    return row ? (JSON.parse(row.permissions) as AppPermission[]) : null;
  }

  async collaborators(app: AppRow): Promise<CollaboratorRow[]> {
    const rows = await this.db
      .selectFrom("app_permissions as p")
      .leftJoin("team_members as m", (join) =>
        join
          .onRef("m.account_id", "=", "p.account_id")
          .on("m.team_id", "=", app.teamId),
      )
      .select([
        "p.app_id",
        "p.account_id",
        "p.email",
        "p.permissions",
        "p.created_at",
        "p.updated_at",
        "m.role",
      ])
      .where("p.app_id", "=", app.id)
      .orderBy("p.email")
      .execute();
    return rows.map((row) => ({
      appId: row.app_id,
      accountId: row.account_id,
      email: row.email,
      permissions: JSON.parse(row.permissions) as AppPermission[],
      teamRole: (row.role as TeamRole | null) ?? null,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    }));
  }

  private tokens() {
    return this.db
      .selectFrom("api_tokens as t")
      .innerJoin("accounts as a", "a.id", "t.account_id")
      .select([
        "t.id",
        "t.account_id",
        "a.email",
        "t.description",
        "t.created_at",
        "t.revoked_at",
      ]);
  }

  private spaces() {
    return this.db
      .selectFrom("spaces as s")
      .innerJoin("teams as t", "t.id", "s.team_id")
      .selectAll("s")
      .select("t.name as team_name");
  }

  private apps() {
    return this.db
      .selectFrom("apps as a")
      .innerJoin("teams as t", "t.id", "a.team_id")
      .leftJoin("spaces as s", "s.id", "a.space_id")
      .selectAll("a")
      .select([
        "t.name as team_name",
        "s.name as space_name",
        "s.shield as space_shield",
      ]);
  }

  private toToken(row: {
    id: string;
    account_id: string;
    email: string;
    description: string;
    created_at: string;
    revoked_at: string | null;
  }): TokenRow {
    return {
      id: row.id,
      accountId: row.account_id,
      email: row.email,
      description: row.description,
      createdAt: row.created_at,
      revokedAt: row.revoked_at,
    };
  }

  private toSpace(row: {
    id: string;
    name: string;
    team_id: string;
    team_name: string;
    region: string;
    generation: string;
    shield: number;
    cidr: string;
    data_cidr: string;
    state: string;
    created_at: string;
    updated_at: string;
  }): SpaceRow {
    return {
      id: row.id,
      name: row.name,
      teamId: row.team_id,
      teamName: row.team_name,
      region: row.region,
      generation: row.generation as "cedar" | "fir",
      shield: row.shield === 1,
      cidr: row.cidr,
      dataCidr: row.data_cidr,
      state: row.state,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  private toApp(row: {
    id: string;
    name: string;
    identifier: string;
    team_id: string;
    team_name: string;
    space_id: string | null;
    space_name: string | null;
    space_shield: number | null;
    region: string;
    stack: string;
    generation: string;
    internal_routing: number;
    creator_id: string;
    acm: number;
    created_at: string;
    updated_at: string;
  }): AppRow {
    return {
      id: row.id,
      name: row.name,
      identifier: row.identifier,
      teamId: row.team_id,
      teamName: row.team_name,
      spaceId: row.space_id,
      spaceName: row.space_name,
      spaceShield: row.space_shield === 1,
      region: row.region,
      stack: row.stack,
      generation: row.generation as "cedar" | "fir",
      internalRouting: row.internal_routing === 1,
      creatorId: row.creator_id,
      acm: row.acm === 1,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }
}
