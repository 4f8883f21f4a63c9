import { X509Certificate } from "node:crypto";
import { apiRequest } from "../e2e/cli-output.js";
import {
  ControlPlaneServer,
  freePort,
} from "../support/control-plane-server.js";
import { describeWhenPebbleInstalled, Pebble } from "../support/pebble.js";
import { waitFor } from "../support/wait-for.js";
import {
  certificateEnv,
  createApp,
  createTeamSpace,
  defaultDomainEntry,
  ServerRecords,
  splitChain,
  subjectAltNames,
  waitForCertificate,
} from "./issuance-support.js";

const describeWithPebble = await describeWhenPebbleInstalled();

/**
 * Orders per round. With 500 ms doubling backoff the outage test has 3.5 s
 * to restart Pebble before the saga gives up.
 */
const MAX_ATTEMPTS = 4;

/** Checks that the chain's leaf is signed by its intermediate, and that by Pebble's root. */
function expectSignedBy(chainPem: string, rootPem: string): void {
  const [leaf, intermediate] = splitChain(chainPem);
  const root = new X509Certificate(rootPem);
  expect(leaf?.verify(intermediate!.publicKey)).toBe(true);
  expect(intermediate?.verify(root.publicKey)).toBe(true);
}

/**
 * Default-domain certificates from a real Pebble, which validates each
 * http-01 challenge by fetching it from the control plane's API port
 * through the mock DNS.
 */
describeWithPebble("default-domain certificates from ACME", () => {
  let pebble: Pebble;
  let server: ControlPlaneServer;
  let records: ServerRecords;
  let token: string;

  beforeAll(async () => {
    const port = await freePort();
    pebble = await Pebble.start({ httpPort: port });
    server = await ControlPlaneServer.start({
      port,
      env: certificateEnv({
        ...pebble.serverEnv(),
        CERT_RETRY_BACKOFF_MS: "500",
        CERT_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
      }),
    });
    token = await createTeamSpace(server);
    records = new ServerRecords(server.dataDir);
  }, 60_000);

  afterAll(async () => {
    await records?.close();
    await server?.dispose();
    await pebble?.dispose();
  });

  it("issues a certificate after create", async () => {
    const app = await createApp(server, token, "acme-create");
    const certificate = await waitForCertificate(
      records,
      app.id,
      app.defaultDomain,
      "issued",
    );
    expect(await defaultDomainEntry(server, token, app.name)).toEqual(
      expect.objectContaining({
        hostname: app.defaultDomain,
        acm_status: "cert issued",
        acm_status_reason: null,
      }),
    );
    expect(subjectAltNames(certificate.chain_pem ?? "")).toEqual([
      app.defaultDomain,
    ]);
    expectSignedBy(certificate.chain_pem ?? "", await pebble.root());
    expect(certificate.order_url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\//);
  }, 30_000);

  it("reissues for the new name after rename", async () => {
    const app = await createApp(server, token, "acme-old");
    const first = await waitForCertificate(
      records,
      app.id,
      app.defaultDomain,
      "issued",
    );
    await apiRequest(server, token, "PATCH", `/apps/${app.name}`, 200, {
      name: "acme-new",
    });
    const renamed = app.defaultDomain.replace("acme-old", "acme-new");
    const second = await waitForCertificate(records, app.id, renamed, "issued");
    expect(subjectAltNames(second.chain_pem ?? "")).toEqual([renamed]);
    expectSignedBy(second.chain_pem ?? "", await pebble.root());
    const old = records
      .certificatesOf(app.id)
      .find((row) => row.certificate_id === first.certificate_id);
    expect(old?.state).toBe("retired");
    const retired = (await records.certificateEvents("CertificateRetired"))
      .filter((event) => event.data.certificateId === first.certificate_id)
      .map((event) => event.data.reason);
    expect(retired).toEqual(["renamed"]);
    expect(await defaultDomainEntry(server, token, "acme-new")).toEqual(
      expect.objectContaining({ hostname: renamed, acm_status: "cert issued" }),
    );
  }, 30_000);

  it("fails with the reason when DNS points elsewhere", async () => {
    const app = await createApp(server, token, "acme-here");
    await waitForCertificate(records, app.id, app.defaultDomain, "issued");
    // The new name resolves to 127.0.0.2 before the rename, and nothing
    // listens there, so Pebble cannot fetch the challenge.
    const renamed = app.defaultDomain.replace("acme-here", "acme-gone");
    await pebble.addA(renamed, "127.0.0.2");
    await apiRequest(server, token, "PATCH", `/apps/${app.name}`, 200, {
      name: "acme-gone",
    });
    const certificate = await waitForCertificate(
      records,
      app.id,
      renamed,
      "failed",
    );
    expect(certificate.acm_status).toBe("failed");
    expect(certificate.acm_status_reason).toContain(renamed);
    expect(certificate.acm_status_reason).toContain(
      `gave up after ${MAX_ATTEMPTS} attempts`,
    );
    expect(await defaultDomainEntry(server, token, "acme-gone")).toEqual(
      expect.objectContaining({
        hostname: renamed,
        acm_status: "failed",
        acm_status_reason: certificate.acm_status_reason,
      }),
    );
    const failures = (await records.certificateEvents("CertificateOrderFailed"))
      .filter(
        (event) => event.data.certificateId === certificate.certificate_id,
      )
      .map((event) => event.data.problemType);
    expect(failures).toEqual(
      Array(MAX_ATTEMPTS).fill("urn:ietf:params:acme:error:connection"),
    );
  }, 30_000);

  it("retries while the CA is down, then recovers", async () => {
    await pebble.stopCa();
    let restarted = false;
    try {
      const app = await createApp(server, token, "acme-outage");
      await waitFor(
        () => records.defaultDomainStatus(app.id).status === "failing",
        { description: "acm_status failing", timeoutMs: 15_000 },
      );
      const [failing] = records.certificatesOf(app.id);
      expect(failing?.acm_status_reason).toContain("unavailable");
      expect(records.defaultDomainStatus(app.id).status).toBe("failing");
      await pebble.restartCa();
      restarted = true;
      const issued = await waitForCertificate(
        records,
        app.id,
        app.defaultDomain,
        "issued",
      );
      expectSignedBy(issued.chain_pem ?? "", await pebble.root());
      const unavailable = (
        await records.certificateEvents("CertificateOrderFailed")
      ).filter(
        (event) =>
          event.data.certificateId === issued.certificate_id &&
          event.data.problemType === "urn:space-control-plane:ca-unavailable",
      );
      expect(unavailable.length).toBeGreaterThanOrEqual(1);
      expect(records.defaultDomainStatus(app.id)).toEqual({
        status: "cert issued",
        reason: null,
      });
    } finally {
      if (!restarted) await pebble.restartCa();
    }
  }, 60_000);
});
