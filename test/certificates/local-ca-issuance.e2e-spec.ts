import { readFileSync } from "node:fs";
import { join } from "node:path";
import { apiRequest } from "../e2e/cli-output.js";
import { ChallTestSrv } from "../support/challtestsrv.js";
import { ControlPlaneServer } from "../support/control-plane-server.js";
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

/** The embedded default: certificates of default domains come from the local CA under DATA_DIR. */
describe("default-domain certificates from the local CA", () => {
  let dns: ChallTestSrv;
  let server: ControlPlaneServer;
  let records: ServerRecords;
  let token: string;

  beforeAll(async () => {
    // Custom domains are checked in DNS before an ACM order, so the mock DNS
    // answers for them; unknown names get no record.
    dns = await ChallTestSrv.start({ defaultIPv4: "" });
    server = await ControlPlaneServer.start({
      env: certificateEnv({
        DNS_SERVERS: dns.dnsAddress,
        CERT_MAX_ATTEMPTS: "2",
        CERT_RETRY_BACKOFF_MS: "200",
      }),
    });
    token = await createTeamSpace(server);
    records = new ServerRecords(server.dataDir);
  }, 60_000);

  afterAll(async () => {
    await records?.close();
    await server?.dispose();
    await dns?.stop();
  });

  /** Adds a custom domain and returns its DNS target. */
  const addDomain = async (app: string, hostname: string): Promise<string> => {
    const domain = (await apiRequest(
      server,
      token,
      "POST",
      `/apps/${app}/domains`,
      201,
      { hostname },
    )) as { cname: string };
    return domain.cname;
  };

  it("issues a certificate after create", async () => {
    const app = await createApp(server, token, "local-create");
    const certificate = await waitForCertificate(
      records,
      app.id,
      app.defaultDomain,
      "issued",
    );
    expect(certificate.acm_status).toBe("cert issued");
    expect(records.defaultDomainStatus(app.id)).toEqual({
      status: "cert issued",
      reason: null,
    });
    const chain = splitChain(certificate.chain_pem ?? "");
    expect(subjectAltNames(certificate.chain_pem ?? "")).toEqual([
      app.defaultDomain,
    ]);
    const ca = readFileSync(join(server.dataDir, "ca.pem"), "utf8");
    expect(chain[0]?.verify(splitChain(ca)[0]!.publicKey)).toBe(true);
  }, 30_000);

  it("retires the old certificate after rename", async () => {
    const app = await createApp(server, token, "local-old");
    await waitForCertificate(records, app.id, app.defaultDomain, "issued");
    await apiRequest(server, token, "PATCH", `/apps/${app.name}`, 200, {
      name: "local-new",
    });
    const renamed = app.defaultDomain.replace("local-old", "local-new");
    const fresh = await waitForCertificate(records, app.id, renamed, "issued");
    expect(subjectAltNames(fresh.chain_pem ?? "")).toEqual([renamed]);
    const old = records
      .certificatesOf(app.id)
      .find((row) => row.hostnames.includes(app.defaultDomain));
    expect(old?.state).toBe("retired");
    const retired = await records.certificateEvents("CertificateRetired");
    expect(
      retired.filter(
        (event) => event.data.certificateId === old?.certificate_id,
      ),
    ).toHaveLength(1);
    expect(records.defaultDomainStatus(app.id).status).toBe("cert issued");
  }, 30_000);

  it("issues nothing for an app outside a space", async () => {
    const app = await createApp(server, token, "local-common", false);
    // An app in a space created afterwards gets its certificate, so the saga
    // has handled the first app's creation by then.
    const later = await createApp(server, token, "local-after");
    await waitForCertificate(records, later.id, later.defaultDomain, "issued");
    expect(records.certificatesOf(app.id)).toEqual([]);
    expect(records.defaultDomainStatus(app.id).status).toBeNull();
  }, 30_000);

  it("reports a CNAME of the default domain as failing", async () => {
    const app = await createApp(server, token, "local-mistake");
    await addDomain(app.name, "mistake.example.com");
    await dns.setCname("mistake.example.com", app.defaultDomain);
    await apiRequest(server, token, "POST", `/apps/${app.name}/acm`, 200, {});

    let entry: { acm_status: string | null; acm_status_reason: string | null } =
      { acm_status: null, acm_status_reason: null };
    await waitFor(
      async () => {
        const domains = (await apiRequest(
          server,
          token,
          "GET",
          `/apps/${app.name}/domains`,
          200,
        )) as Array<typeof entry & { hostname: string }>;
        entry =
          domains.find((domain) => domain.hostname === "mistake.example.com") ??
          entry;
        return entry.acm_status === "failing";
      },
      { description: "the failing ACM status of mistake.example.com" },
    );
    expect(entry.acm_status_reason).toBe(
      `mistake.example.com is a CNAME of ${app.defaultDomain}, the app's default domain. Point it at ${await targetOf(app.name, "mistake.example.com")} instead.`,
    );
    expect(
      records
        .certificatesOf(app.id)
        .filter((row) => row.hostnames.includes("mistake.example.com"))
        .map((row) => row.state),
    ).not.toContain("issued");
  }, 30_000);

  it("issues after a refresh once the DNS is fixed", async () => {
    const app = await createApp(server, token, "local-refresh");
    const target = await addDomain(app.name, "refresh.example.com");
    await dns.setCname("refresh.example.com", app.defaultDomain);
    await apiRequest(server, token, "POST", `/apps/${app.name}/acm`, 200, {});
    await waitForAcmStatus(app.name, "refresh.example.com", "failed");

    await dns.setCname("refresh.example.com", target);
    const refreshed = (await apiRequest(
      server,
      token,
      "PATCH",
      `/apps/${app.name}/acm`,
      200,
      { acm_refresh: true },
    )) as { name: string; acm: boolean };
    expect(refreshed).toMatchObject({ name: app.name, acm: true });
    await waitForAcmStatus(app.name, "refresh.example.com", "cert issued");
    const refreshes = (
      await records.certificateEvents("CertificateRefreshRequested")
    ).filter((event) =>
      records
        .certificatesOf(app.id)
        .some((row) => row.certificate_id === event.data.certificateId),
    );
    expect(refreshes).toHaveLength(1);
  }, 30_000);

  it("refuses a refresh while ACM is off", async () => {
    const app = await createApp(server, token, "local-no-acm");
    const head = await server.settledHeadPosition();
    const response = await server.request(
      "PATCH",
      `/apps/${app.name}/acm`,
      token,
      { acm_refresh: true },
    );
    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({
      id: "invalid_params",
      message: `Automatic Certificate Management is disabled on ${app.name}: enable it with heroku certs:auto:enable -a ${app.name}.`,
    });
    expect(await server.headPosition()).toBe(head);
  }, 30_000);

  const waitForAcmStatus = async (
    app: string,
    hostname: string,
    status: string,
  ): Promise<void> => {
    let last: unknown;
    await waitFor(
      async () => {
        const domains = (await apiRequest(
          server,
          token,
          "GET",
          `/apps/${app}/domains`,
          200,
        )) as { hostname: string; acm_status: string | null }[];
        last = domains.find((domain) => domain.hostname === hostname);
        return (
          (last as { acm_status?: string } | undefined)?.acm_status === status
        );
      },
      { description: `${hostname} to be ${status}`, timeoutMs: 15_000 },
    ).catch((error: Error) => {
      throw new Error(`${error.message}; last seen ${JSON.stringify(last)}`);
    });
  };

  const targetOf = async (app: string, hostname: string): Promise<string> => {
    const domain = (await apiRequest(
      server,
      token,
      "GET",
      `/apps/${app}/domains/${hostname}`,
      200,
    )) as { cname: string };
    return domain.cname;
  };

  it("answers unknown challenge tokens with 404", async () => {
    const head = await server.headPosition();
    const response = await fetch(
      `${server.url}/.well-known/acme-challenge/unknown-token`,
    );
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      id: "not_found",
      message: "Couldn't find that challenge.",
    });
    expect(await server.headPosition()).toBe(head);
  });

  it("appends nothing when replayed from the start", async () => {
    const app = await createApp(server, token, "replay-a");
    await apiRequest(server, token, "PATCH", `/apps/${app.name}`, 200, {
      name: "replay-b",
    });
    await apiRequest(server, token, "PATCH", "/apps/replay-b", 200, {
      name: "replay-c",
    });
    const target = await addDomain("replay-c", "replay.example.com");
    await dns.setCname("replay.example.com", target);
    await apiRequest(server, token, "POST", "/apps/replay-c/acm", 200, {});
    await apiRequest(server, token, "DELETE", "/apps/replay-c/acm", 200);
    await apiRequest(server, token, "POST", "/apps/replay-c/acm", 200, {});
    const current = app.defaultDomain.replace("replay-a", "replay-c");
    await waitForCertificate(records, app.id, current, "issued");
    // The first ACM period's certificate may be issued before the saga
    // reaches the switch-off, so wait for both periods' outcomes.
    const acmStates = () =>
      records
        .certificatesOf(app.id)
        .filter((row) => row.hostnames.includes("replay.example.com"))
        .map((row) => row.state)
        .sort();
    await waitFor(
      () => JSON.stringify(acmStates()) === '["issued","retired"]',
      { description: "the second ACM certificate", timeoutMs: 10_000 },
    );
    const states = records
      .certificatesOf(app.id)
      .map((row) => `${row.hostnames} ${row.state}`);
    expect([...states].sort()).toEqual(
      [
        `["${app.defaultDomain}"] retired`,
        `["${app.defaultDomain.replace("replay-a", "replay-b")}"] retired`,
        `["${current}"] issued`,
        '["replay.example.com"] retired',
        '["replay.example.com"] issued',
      ].sort(),
    );
    const head = await server.settledHeadPosition();
    await server.stop();

    // In-memory read models start empty, so every saga replays the whole log.
    const rebuilt = await ControlPlaneServer.start({
      dataDir: server.dataDir,
      env: certificateEnv({ READ_MODELS_PATH: ":memory:" }),
    });
    try {
      expect(await rebuilt.settledHeadPosition(500)).toBe(head);
      const entry = await defaultDomainEntry(rebuilt, token, "replay-c");
      expect(entry).toEqual(
        expect.objectContaining({
          hostname: current,
          acm_status: "cert issued",
        }),
      );
    } finally {
      await rebuilt.stop();
    }
  }, 60_000);
});
