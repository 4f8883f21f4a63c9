import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import type { ControlPlaneEvent } from "../../domain/src/index.js";
import {
  type EventToAppend,
  SqliteEventStore,
} from "../../event-store/src/index.js";
import {
  openSqliteReadModels,
  Projector,
  ReadModelQueries,
  readModelProjections,
  type Projection,
  type ReadModelDb,
} from "../src/index.js";
import { waitFor } from "../../../test/support/wait-for.js";

const AT = "2026-01-01T00:00:00.000Z";
const TEAM = "11111111-1111-4111-8111-111111111111";
const SPACE = "22222222-2222-4222-8222-222222222222";
const APP = "33333333-3333-4333-8333-333333333333";
const ADMIN = "44444444-4444-4444-8444-444444444444";
const MEMBER = "55555555-5555-4555-8555-555555555555";

const silentLogger = { log: () => undefined, error: () => undefined };

function toAppend(event: ControlPlaneEvent): EventToAppend {
  const id = randomUUID();
  return {
    id,
    type: event.type,
    data: event.data as unknown as Record<string, unknown>,
    metadata: {
      actorId: ADMIN,
      requestId: id,
      commandId: id,
      causationId: id,
      correlationId: id,
      schemaVersion: 1,
    },
  };
}

const teamWithMember: ControlPlaneEvent[] = [
  {
    type: "AccountCreated",
    data: { accountId: ADMIN, email: "admin@example.com", at: AT },
  },
  {
    type: "AccountCreated",
    data: { accountId: MEMBER, email: "member@example.com", at: AT },
  },
  { type: "TeamCreated", data: { teamId: TEAM, name: "acme", at: AT } },
  {
    type: "TeamMemberAdded",
    data: {
      teamId: TEAM,
      accountId: ADMIN,
      email: "admin@example.com",
      role: "admin",
      at: AT,
    },
  },
  {
    type: "TeamMemberAdded",
    data: {
      teamId: TEAM,
      accountId: MEMBER,
      email: "member@example.com",
      role: "member",
      at: AT,
    },
  },
  {
    type: "SpaceCreated",
    data: {
      spaceId: SPACE,
      teamId: TEAM,
      name: "prod",
      region: "tokyo",
      generation: "cedar",
      shield: false,
      cidr: "10.0.0.0/16",
      dataCidr: "172.23.0.0/20",
      at: AT,
    },
  },
  {
    type: "SpaceAccessChanged",
    data: {
      spaceId: SPACE,
      accountId: MEMBER,
      email: "member@example.com",
      permissions: ["create_apps"],
      at: AT,
    },
  },
  {
    type: "AppCreated",
    data: {
      appId: APP,
      name: "billing",
      identifier: "0123456789ab",
      teamId: TEAM,
      spaceId: SPACE,
      region: "tokyo",
      stack: "heroku-24",
      generation: "cedar",
      internalRouting: false,
      creatorId: MEMBER,
      creatorEmail: "member@example.com",
      at: AT,
    },
  },
  {
    type: "CollaboratorAdded",
    data: {
      appId: APP,
      accountId: MEMBER,
      email: "member@example.com",
      permissions: ["deploy", "manage", "operate", "view"],
      at: AT,
    },
  },
];

describe("Projector", () => {
  let folder: string;
  let store: SqliteEventStore;
  let db: ReadModelDb;
  let queries: ReadModelQueries;

  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), "projector-"));
    store = new SqliteEventStore(join(folder, "events.sqlite"));
    db = await openSqliteReadModels(join(folder, "read-models.sqlite"));
    queries = new ReadModelQueries(db);
  });

  afterEach(async () => {
    await db.destroy();
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  });

  async function append(
    stream: string,
    events: ControlPlaneEvent[],
  ): Promise<number> {
    const result = await store.append(stream, events.map(toAppend), "any");
    return result.position;
  }

  async function runUntil(
    position: number,
    projections: Projection[] = readModelProjections(),
  ): Promise<Projector> {
    const projector = new Projector(
      store,
      db,
      projections,
      silentLogger,
      "read-models",
      10,
    );
    await projector.start();
    expect(await projector.waitFor(position, 5000)).toBe(true);
    return projector;
  }

  test("projects team, space and app rows", async () => {
    const head = await append("setup", teamWithMember);
    const projector = await runUntil(head);

    expect(await queries.teamRole(TEAM, MEMBER)).toBe("member");
    expect(await queries.spacePermissionsOf(SPACE, MEMBER)).toEqual([
      "create_apps",
    ]);
    expect(await queries.appPermissionsOf(APP, MEMBER)).toEqual([
      "deploy",
      "manage",
      "operate",
      "view",
    ]);
    expect((await queries.appByNameOrId("billing"))?.spaceName).toBe("prod");
    await projector.stop();
  });

  test("member removal revokes grants at once", async () => {
    await append("setup", teamWithMember);
    const head = await append("team", [
      {
        type: "TeamMemberRemoved",
        data: {
          teamId: TEAM,
          accountId: MEMBER,
          email: "member@example.com",
          at: AT,
        },
      },
    ]);
    const projector = await runUntil(head);

    expect(await queries.teamRole(TEAM, MEMBER)).toBeNull();
    expect(await queries.spacePermissionsOf(SPACE, MEMBER)).toEqual([]);
    expect(await queries.appPermissionsOf(APP, MEMBER)).toBeNull();
    expect(await queries.appsVisibleTo(MEMBER)).toEqual([]);
    await projector.stop();
  });

  test("restart resumes after the checkpoint", async () => {
    const first = await append("setup", teamWithMember);
    const before = await runUntil(first);
    await before.stop();

    const second = await append("app", [
      {
        type: "AppRenamed",
        data: { appId: APP, previousName: "billing", name: "ledger", at: AT },
      },
    ]);
    // Re-applying an earlier event would violate a primary key and stall the projector.
    const after = await runUntil(second);

    expect(after.checkpoint).toBe(second);
    expect((await queries.appByNameOrId(APP))?.name).toBe("ledger");
    await after.stop();
  });

  test("failed batch commits no rows", async () => {
    const head = await append("setup", teamWithMember);
    let broken = true;
    let attempts = 0;
    const failing: Projection = {
      name: "failing",
      apply: async (_trx, event) => {
        if (event.type !== "AppCreated" || !broken) return;
        attempts += 1;
        throw new Error("injected failure");
      },
    };
    const projector = new Projector(
      store,
      db,
      [...readModelProjections(), failing],
      silentLogger,
      "read-models",
      10,
    );
    await projector.start();
    await waitFor(() => attempts >= 2, {
      description: "the projector to retry the failed batch",
    });

    expect(await queries.accounts()).toEqual([]);
    expect(await storedCheckpoint()).toBeUndefined();
    expect(projector.checkpoint).toBe(0);

    broken = false;
    expect(await projector.waitFor(head, 5000)).toBe(true);
    expect(await queries.accounts()).toHaveLength(2);
    expect(await storedCheckpoint()).toBe(head);
    await projector.stop();
  });

  async function storedCheckpoint(): Promise<number | undefined> {
    const row = await db
      .selectFrom("checkpoints")
      .select("position")
      .where("name", "=", "read-models")
      .executeTakeFirst();
    return row && Number(row.position);
  }
});
