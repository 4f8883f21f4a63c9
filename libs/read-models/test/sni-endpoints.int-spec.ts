import type {
  CertificateSummary,
  ControlPlaneEvent,
  EncryptedSecret,
} from "../../domain/src/index.js";
import {
  openSqliteReadModels,
  type ReadModelDb,
  SniEndpointQueries,
  SniEndpointsProjection,
} from "../src/index.js";

const AT = "2026-01-01T00:00:00.000Z";
const LATER = "2026-02-01T00:00:00.000Z";
const APP = "33333333-3333-4333-8333-333333333333";
const ENDPOINT = "66666666-6666-4666-8666-666666666666";
const ACM_ENDPOINT = "77777777-7777-4777-8777-777777777777";
const DOMAIN = "88888888-8888-4888-8888-888888888888";
const ACM_DOMAIN = "99999999-9999-4999-8999-999999999999";

const sealed: EncryptedSecret = {
  algorithm: "aes-256-gcm",
  keyId: "k",
  iv: "aQ==",
  tag: "dA==",
  ciphertext: "Yw==",
};

const certificate: CertificateSummary = {
  certDomains: ["www.example.com", "example.com"],
  startsAt: "2026-01-01T00:00:00Z",
  expiresAt: "2027-01-01T00:00:00Z",
  issuer: "/CN=www.example.com",
  subject: "/CN=www.example.com",
  caSigned: false,
  selfSigned: true,
  serialNumber: "1000",
  fingerprint256: "AA",
};

const added: ControlPlaneEvent = {
  type: "SniEndpointAdded",
  data: {
    sniEndpointId: ENDPOINT,
    appId: APP,
    name: "tokyo-12345",
    certificateChain: "chain-1",
    privateKey: sealed,
    certificate,
    at: AT,
  },
};

const updated: ControlPlaneEvent = {
  type: "SniEndpointUpdated",
  data: {
    sniEndpointId: ENDPOINT,
    appId: APP,
    certificateChain: "chain-2",
    privateKey: sealed,
    certificate: {
      ...certificate,
      certDomains: ["api.example.com"],
      caSigned: true,
      selfSigned: false,
      issuer: "/CN=Example CA",
    },
    at: LATER,
  },
};

const removed: ControlPlaneEvent = {
  type: "SniEndpointRemoved",
  data: {
    sniEndpointId: ENDPOINT,
    appId: APP,
    name: "tokyo-12345",
    reason: "removed",
    at: LATER,
  },
};

describe("SniEndpointsProjection", () => {
  let db: ReadModelDb;
  let queries: SniEndpointQueries;
  const projection = new SniEndpointsProjection();

  const apply = (event: ControlPlaneEvent) =>
    db.transaction().execute((trx) => projection.apply(trx, event));

  beforeEach(async () => {
    db = await openSqliteReadModels(":memory:");
    queries = new SniEndpointQueries(db);
    await db
      .insertInto("custom_domains")
      .values([
        domainRow(DOMAIN, "www.example.com", ENDPOINT),
        domainRow(ACM_DOMAIN, "acm.example.com", null),
      ])
      .execute();
    await db
      .insertInto("sni_endpoints")
      .values({
        sni_endpoint_id: ACM_ENDPOINT,
        app_id: APP,
        name: "acm-endpoint",
        display_name: null,
        certificate_chain: "acm-chain",
        cert_domains: JSON.stringify(["acm.example.com"]),
        starts_at: AT,
        expires_at: LATER,
        issuer: "/CN=Test CA",
        subject: "/CN=acm.example.com",
        ca_signed: 1,
        self_signed: 0,
        acm: 1,
        domain_id: ACM_DOMAIN,
        created_at: AT,
        updated_at: AT,
      })
      .execute();
  });

  afterEach(async () => {
    await db.destroy();
  });

  it("lists an added endpoint with its domains", async () => {
    await apply(added);
    const row = await queries.endpointOf(APP, "tokyo-12345");
    expect(row).toEqual({
      sniEndpointId: ENDPOINT,
      appId: APP,
      name: "tokyo-12345",
      displayName: null,
      certificateChain: "chain-1",
      certDomains: ["www.example.com", "example.com"],
      startsAt: "2026-01-01T00:00:00Z",
      expiresAt: "2027-01-01T00:00:00Z",
      issuer: "/CN=www.example.com",
      subject: "/CN=www.example.com",
      caSigned: false,
      selfSigned: true,
      acm: false,
      domainIds: [DOMAIN],
      createdAt: AT,
      updatedAt: AT,
    });
  });

  it("finds an endpoint by id", async () => {
    await apply(added);
    expect((await queries.endpointOf(APP, ENDPOINT))?.name).toBe("tokyo-12345");
    expect(await queries.endpointOf("another-app", ENDPOINT)).toBeUndefined();
  });

  it("lists ACM rows with their domain", async () => {
    await apply(added);
    const rows = await queries.endpointsOf(APP);
    expect(rows.map((row) => row.name)).toEqual([
      "acm-endpoint",
      "tokyo-12345",
    ]);
    expect(rows[0]?.acm).toBe(true);
    expect(rows[0]?.domainIds).toEqual([ACM_DOMAIN]);
  });

  it("applies an update", async () => {
    await apply(added);
    await apply(updated);
    const row = await queries.endpointOf(APP, ENDPOINT);
    expect(row?.certificateChain).toBe("chain-2");
    expect(row?.certDomains).toEqual(["api.example.com"]);
    expect(row?.caSigned).toBe(true);
    expect(row?.selfSigned).toBe(false);
    expect(row?.issuer).toBe("/CN=Example CA");
    expect(row?.createdAt).toBe(AT);
    expect(row?.updatedAt).toBe(LATER);
  });

  it("removes the row and leaves domains to their saga", async () => {
    await apply(added);
    await apply(removed);
    expect(await queries.endpointOf(APP, ENDPOINT)).toBeUndefined();
    expect(await queries.namesOf(APP)).toEqual(new Set(["acm-endpoint"]));
    const domain = await db
      .selectFrom("custom_domains")
      .selectAll()
      .where("domain_id", "=", DOMAIN)
      .executeTakeFirstOrThrow();
    expect(domain.sni_endpoint_id).toBe(ENDPOINT);
  });

  it("leaves ACM rows to their owner", async () => {
    await apply({
      ...removed,
      data: { ...removed.data, sniEndpointId: ACM_ENDPOINT },
    } as ControlPlaneEvent);
    expect((await queries.endpointOf(APP, ACM_ENDPOINT))?.acm).toBe(true);
  });

  it("ignores a repeated add", async () => {
    await apply(added);
    await apply(added);
    expect((await queries.endpointsOf(APP)).length).toBe(2);
  });
});

function domainRow(
  domainId: string,
  hostname: string,
  sniEndpointId: string | null,
) {
  return {
    domain_id: domainId,
    app_id: APP,
    hostname,
    cname: `${hostname}.herokudns.com`,
    sni_endpoint_id: sniEndpointId,
    status: "succeeded",
    dns_status: null,
    dns_status_reason: null,
    dns_checked_at: null,
    acm_status: null,
    acm_status_reason: null,
    created_at: AT,
    updated_at: AT,
  };
}
