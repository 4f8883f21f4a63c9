import type {
  CertificateEvent,
  ControlPlaneEvent,
  EncryptedSecret,
} from "../../domain/src/index.js";
import {
  CertificatesProjection,
  openSqliteReadModels,
  type ReadModelDb,
} from "../src/index.js";

const AT = "2026-01-01T00:00:00.000Z";
const APP = "33333333-3333-4333-8333-333333333333";
const DEFAULT_CERT = "44444444-4444-4444-8444-444444444444";
const CUSTOM_CERT = "55555555-5555-4555-8555-555555555555";
const DOMAIN = "88888888-8888-4888-8888-888888888888";
const HOST = "my-app-0123456789ab.herokuapp.com";

const sealed: EncryptedSecret = {
  algorithm: "aes-256-gcm",
  keyId: "k",
  iv: "aQ==",
  tag: "dA==",
  ciphertext: "Yw==",
};

const requested = (
  certificateId: string,
  domainId: string | null,
  hostname: string,
): CertificateEvent => ({
  type: "CertificateRequested",
  data: {
    certificateId,
    scope: domainId === null ? "default-domain" : "custom-domain",
    appId: APP,
    domainId,
    hostnames: [hostname],
    at: AT,
  },
});

const attempted = (certificateId: string): CertificateEvent => ({
  type: "CertificateOrderAttempted",
  data: {
    certificateId,
    attempt: 1,
    orderKey: `${certificateId}:1`,
    privateKey: sealed,
    at: AT,
  },
});

const issued = (certificateId: string): CertificateEvent => ({
  type: "CertificateIssued",
  data: {
    certificateId,
    attempt: 1,
    chainPem: "chain",
    notBefore: AT,
    notAfter: "2026-04-01T00:00:00.000Z",
    issuer: "/CN=Test CA",
    serialNumber: "0A",
    at: AT,
  },
});

const failed = (certificateId: string): CertificateEvent => ({
  type: "CertificateOrderFailed",
  data: {
    certificateId,
    attempt: 1,
    problemType: "urn:ietf:params:acme:error:connection",
    detail: "Connection refused",
    retryable: true,
    at: AT,
  },
});

const retired = (certificateId: string): CertificateEvent => ({
  type: "CertificateRetired",
  data: { certificateId, reason: "acm-disabled", at: AT },
});

const dnsChecked = (outcome: "ok" | "points-elsewhere"): ControlPlaneEvent => ({
  type: "CustomDomainDnsChecked",
  data: {
    domainId: DOMAIN,
    appId: APP,
    hostname: "www.example.com",
    outcome,
    reason: outcome === "ok" ? null : "Point it at the DNS target.",
    cname: null,
    addresses: [],
    at: AT,
  },
});

describe("CertificatesProjection", () => {
  let db: ReadModelDb;
  const projection = new CertificatesProjection();

  const apply = async (...events: ControlPlaneEvent[]) => {
    for (const event of events)
      await db.transaction().execute((trx) => projection.apply(trx, event));
  };

  const appStatus = () =>
    db
      .selectFrom("apps")
      .select(["default_domain_acm_status", "default_domain_acm_status_reason"])
      .where("id", "=", APP)
      .executeTakeFirstOrThrow();

  const domainStatus = () =>
    db
      .selectFrom("custom_domains")
      .select(["acm_status", "acm_status_reason"])
      .where("domain_id", "=", DOMAIN)
      .executeTakeFirstOrThrow();

  const setDnsStatus = (status: string | null) =>
    db
      .updateTable("custom_domains")
      .set({ dns_status: status })
      .where("domain_id", "=", DOMAIN)
      .execute();

  beforeEach(async () => {
    db = await openSqliteReadModels(":memory:");
    await db
      .insertInto("apps")
      .values({
        id: APP,
        name: "my-app",
        identifier: "0123456789ab",
        team_id: "team",
        space_id: "space",
        region: "tokyo",
        stack: "heroku-24",
        generation: "cedar",
        internal_routing: 0,
        creator_id: "creator",
        acm: 1,
        default_domain_acm_status: null,
        default_domain_acm_status_reason: null,
        created_at: AT,
        updated_at: AT,
      })
      .execute();
    await db
      .insertInto("custom_domains")
      .values({
        domain_id: DOMAIN,
        app_id: APP,
        hostname: "www.example.com",
        cname: "tranquil-ocean-0123456789ab.herokudns.com",
        sni_endpoint_id: null,
        status: "succeeded",
        dns_status: null,
        dns_status_reason: null,
        dns_checked_at: null,
        acm_status: null,
        acm_status_reason: null,
        created_at: AT,
        updated_at: AT,
      })
      .execute();
  });

  afterEach(async () => {
    await db.destroy();
  });

  it("reports the default domain's progress", async () => {
    await apply(requested(DEFAULT_CERT, null, HOST), attempted(DEFAULT_CERT));
    expect(await appStatus()).toEqual({
      default_domain_acm_status: null,
      default_domain_acm_status_reason: null,
    });

    await apply(failed(DEFAULT_CERT));
    expect(await appStatus()).toEqual({
      default_domain_acm_status: "failing",
      default_domain_acm_status_reason: "Connection refused",
    });

    await apply({
      type: "CertificateIssuanceFailed",
      data: {
        certificateId: DEFAULT_CERT,
        attempts: 1,
        reason: "Gave up.",
        at: AT,
      },
    });
    expect(await appStatus()).toEqual({
      default_domain_acm_status: "failed",
      default_domain_acm_status_reason: "Gave up.",
    });
  });

  it("lists an issued custom-domain certificate as an ACM endpoint", async () => {
    await apply(
      requested(CUSTOM_CERT, DOMAIN, "www.example.com"),
      attempted(CUSTOM_CERT),
      issued(CUSTOM_CERT),
    );
    expect(await domainStatus()).toEqual({
      acm_status: "cert issued",
      acm_status_reason: null,
    });
    const endpoints = await db
      .selectFrom("sni_endpoints")
      .selectAll()
      .execute();
    expect(endpoints).toEqual([
      expect.objectContaining({
        sni_endpoint_id: CUSTOM_CERT,
        app_id: APP,
        name: "acm-55555555",
        acm: 1,
        domain_id: DOMAIN,
        cert_domains: '["www.example.com"]',
        certificate_chain: "chain",
        issuer: "/CN=Test CA",
      }),
    ]);
    // The default domain keeps its own status.
    expect((await appStatus()).default_domain_acm_status).toBeNull();
  });

  it("shows dns-verified while a domain with passing DNS waits", async () => {
    await setDnsStatus("ok");
    await apply(requested(CUSTOM_CERT, DOMAIN, "www.example.com"));
    expect((await domainStatus()).acm_status).toBe("dns-verified");

    await apply(dnsChecked("points-elsewhere"));
    expect((await domainStatus()).acm_status).toBeNull();

    await apply(dnsChecked("ok"));
    expect((await domainStatus()).acm_status).toBe("dns-verified");
  });

  it("clears a retired certificate's status, endpoint and timers", async () => {
    await setDnsStatus("ok");
    await apply(
      requested(CUSTOM_CERT, DOMAIN, "www.example.com"),
      attempted(CUSTOM_CERT),
      issued(CUSTOM_CERT),
      {
        type: "CertificateTimerScheduled",
        data: {
          timerId: `${CUSTOM_CERT}:renewal:2:2026-03-01T00:00:00.000Z`,
          certificateId: CUSTOM_CERT,
          purpose: "renewal",
          attempt: 2,
          dueAt: "2026-03-01T00:00:00.000Z",
          at: AT,
        },
      },
    );
    expect(
      await db.selectFrom("certificate_timers").selectAll().execute(),
    ).toHaveLength(1);

    await apply(retired(CUSTOM_CERT));
    expect(await domainStatus()).toEqual({
      acm_status: null,
      acm_status_reason: null,
    });
    expect(await db.selectFrom("sni_endpoints").selectAll().execute()).toEqual(
      [],
    );
    expect(
      await db.selectFrom("certificate_timers").selectAll().execute(),
    ).toEqual([]);
    const row = await db
      .selectFrom("certificates")
      .select("state")
      .where("certificate_id", "=", CUSTOM_CERT)
      .executeTakeFirstOrThrow();
    expect(row.state).toBe("retired");

    // A DNS check after retirement leaves the status alone.
    await apply(dnsChecked("ok"));
    expect((await domainStatus()).acm_status).toBeNull();
  });

  it("removes a fired timer", async () => {
    const timerId = `${DEFAULT_CERT}:retry:2:2026-01-01T00:00:01.000Z`;
    await apply(requested(DEFAULT_CERT, null, HOST), {
      type: "CertificateTimerScheduled",
      data: {
        timerId,
        certificateId: DEFAULT_CERT,
        purpose: "retry",
        attempt: 2,
        dueAt: "2026-01-01T00:00:01.000Z",
        at: AT,
      },
    });
    expect(
      await db.selectFrom("certificate_timers").select("timer_id").execute(),
    ).toEqual([{ timer_id: timerId }]);
    await apply({
      type: "CertificateTimerFired",
      data: { timerId, certificateId: DEFAULT_CERT, at: AT },
    });
    expect(
      await db.selectFrom("certificate_timers").selectAll().execute(),
    ).toEqual([]);
  });
});
