import type { ControlPlaneEvent } from "../../domain/src/index.js";
import {
  AppsProjection,
  CustomDomainsProjection,
  DomainQueries,
  openSqliteReadModels,
  type Projection,
  ReadModelQueries,
  type ReadModelDb,
} from "../src/index.js";

const AT = "2026-01-01T00:00:00.000Z";
const LATER = "2026-01-02T00:00:00.000Z";
const TEAM = "11111111-1111-4111-8111-111111111111";
const APP = "33333333-3333-4333-8333-333333333333";
const TARGET = "tranquil-ocean-1a2b3c4d5e6f.herokudns.com";

const domainId = (n: number) =>
  `aaaaaaaa-0000-4000-8000-${String(n).padStart(12, "0")}`;

const added = (n: number, hostname: string): ControlPlaneEvent => ({
  type: "CustomDomainAdded",
  data: {
    domainId: domainId(n),
    appId: APP,
    hostname,
    cname: TARGET,
    sniEndpointId: null,
    at: AT,
  },
});

describe("custom domains projection", () => {
  let db: ReadModelDb;
  let domains: DomainQueries;

  const apply = async (...events: ControlPlaneEvent[]) => {
    const projections: Projection[] = [
      new AppsProjection(),
      new CustomDomainsProjection(),
    ];
    await db.transaction().execute(async (trx) => {
      for (const event of events) {
        for (const projection of projections) {
          await projection.apply(trx, event, {
            streamId: "test",
            position: 1,
            createdAt: AT,
            commandId: "command",
          });
        }
      }
    });
  };

  beforeEach(async () => {
    db = await openSqliteReadModels(":memory:");
    domains = new DomainQueries(db);
    await db
      .insertInto("teams")
      .values({ id: TEAM, name: "acme", created_at: AT, updated_at: AT })
      .execute();
    await apply({
      type: "AppCreated",
      data: {
        appId: APP,
        name: "my-app",
        identifier: "0123456789ab",
        teamId: TEAM,
        spaceId: null,
        region: "us",
        stack: "heroku-24",
        generation: "cedar",
        internalRouting: false,
        creatorId: "creator",
        creatorEmail: "creator@example.com",
        at: AT,
      },
    });
  });

  afterEach(async () => {
    await db.destroy();
  });

  test("added domain is pending", async () => {
    await apply(added(1, "www.example.com"));

    const row = await domains.findOf(APP, "www.example.com");
    expect(row).toEqual({
      domainId: domainId(1),
      appId: APP,
      hostname: "www.example.com",
      cname: TARGET,
      sniEndpoint: null,
      status: "pending",
      dnsStatus: null,
      dnsStatusReason: null,
      dnsCheckedAt: null,
      acmStatus: null,
      acmStatusReason: null,
      createdAt: AT,
      updatedAt: AT,
    });
    expect(await domains.findOf(APP, domainId(1))).toEqual(row);
  });

  test("DNS check marks it succeeded", async () => {
    await apply(added(1, "www.example.com"), {
      type: "CustomDomainDnsChecked",
      data: {
        domainId: domainId(1),
        appId: APP,
        hostname: "www.example.com",
        outcome: "no-record",
        reason: "no record",
        cname: null,
        addresses: [],
        at: LATER,
      },
    });

    const row = await domains.byId(domainId(1));
    expect(row?.status).toBe("succeeded");
    expect(row?.dnsStatus).toBe("no-record");
    expect(row?.dnsStatusReason).toBe("no record");
    expect(row?.dnsCheckedAt).toBe(LATER);
    expect(row?.updatedAt).toBe(LATER);
  });

  test("removed domain is gone", async () => {
    await apply(added(1, "www.example.com"), {
      type: "CustomDomainRemoved",
      data: {
        domainId: domainId(1),
        appId: APP,
        hostname: "www.example.com",
        reason: "removed",
        at: LATER,
      },
    });

    expect(await domains.byId(domainId(1))).toBeUndefined();
    expect(await domains.countOf(APP)).toBe(0);
  });

  test("rows outlive the destroyed app", async () => {
    await apply(added(1, "www.example.com"), {
      type: "AppDestroyed",
      data: {
        appId: APP,
        name: "my-app",
        teamId: TEAM,
        spaceId: null,
        at: LATER,
      },
    });

    expect((await domains.allOf(APP)).map((row) => row.hostname)).toEqual([
      "www.example.com",
    ]);
  });

  test("pages by id and hostname", async () => {
    await apply(
      added(3, "a.example.com"),
      added(1, "c.example.com"),
      added(2, "b.example.com"),
    );
    const page = (query: Partial<Parameters<DomainQueries["pageOf"]>[1]>) =>
      domains
        .pageOf(APP, {
          field: "id",
          start: null,
          exclusive: false,
          end: null,
          limit: 10,
          ...query,
        })
        .then((rows) => rows.map((row) => row.hostname));

    expect(await page({})).toEqual([
      "c.example.com",
      "b.example.com",
      "a.example.com",
    ]);
    expect(await page({ start: domainId(1), exclusive: true })).toEqual([
      "b.example.com",
      "a.example.com",
    ]);
    expect(await page({ start: domainId(2) })).toEqual([
      "b.example.com",
      "a.example.com",
    ]);
    expect(await page({ end: domainId(2) })).toEqual([
      "c.example.com",
      "b.example.com",
    ]);
    expect(await page({ limit: 1 })).toEqual(["c.example.com"]);
    expect(
      await page({
        field: "hostname",
        start: "a.example.com",
        exclusive: true,
      }),
    ).toEqual(["b.example.com", "c.example.com"]);
  });

  test("ACM switch updates the app", async () => {
    const queries = new ReadModelQueries(db);
    await apply({ type: "AcmEnabled", data: { appId: APP, at: LATER } });
    expect((await queries.appByNameOrId(APP))?.acm).toBe(true);

    await apply({ type: "AcmDisabled", data: { appId: APP, at: LATER } });
    expect((await queries.appByNameOrId(APP))?.acm).toBe(false);
  });

  test("default domain ACM status starts null", async () => {
    expect(await domains.defaultDomainAcm(APP)).toEqual({
      status: null,
      reason: null,
    });
  });
});
