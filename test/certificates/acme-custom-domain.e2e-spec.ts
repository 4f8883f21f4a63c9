import { X509Certificate } from "node:crypto";
import { apiRequest, outputLines } from "../e2e/cli-output.js";
import {
  ControlPlaneServer,
  freePort,
} from "../support/control-plane-server.js";
import { HerokuCli } from "../support/heroku-cli.js";
import { describeWhenPebbleInstalled, Pebble } from "../support/pebble.js";
import { waitFor } from "../support/wait-for.js";
import {
  certificateEnv,
  createApp,
  createTeamSpace,
  ServerRecords,
  splitChain,
  subjectAltNames,
  waitForCertificate,
} from "./issuance-support.js";

const describeWithPebble = await describeWhenPebbleInstalled();

/** A domain as `GET /apps/{app}/domains` returns it. */
interface DomainJson {
  hostname: string;
  kind: string;
  cname: string | null;
  acm_status: string | null;
  acm_status_reason: string | null;
}

/**
 * ACM certificates of custom domains from a real Pebble. Each custom domain
 * is a CNAME of its DNS target in the mock DNS, whose A record is
 * 127.0.0.1, so Pebble fetches the http-01 challenge from the control plane.
 */
describeWithPebble("custom-domain certificates from ACME", () => {
  let pebble: Pebble;
  let server: ControlPlaneServer;
  let records: ServerRecords;
  let token: string;
  let cli: HerokuCli;

  beforeAll(async () => {
    const port = await freePort();
    pebble = await Pebble.start({ httpPort: port });
    server = await ControlPlaneServer.start({
      port,
      env: certificateEnv({
        ...pebble.serverEnv(),
        DNS_SERVERS: pebble.dnsAddress,
        CERT_RETRY_BACKOFF_MS: "300",
        CERT_MAX_ATTEMPTS: "2",
      }),
    });
    token = await createTeamSpace(server);
    records = new ServerRecords(server.dataDir);
    cli = new HerokuCli({ apiUrl: server.url, token });
  }, 60_000);

  afterAll(async () => {
    cli?.cleanup();
    await records?.close();
    await server?.dispose();
    await pebble?.dispose();
  });

  const domainsOf = async (app: string): Promise<DomainJson[]> =>
    (await apiRequest(
      server,
      token,
      "GET",
      `/apps/${app}/domains`,
      200,
    )) as DomainJson[];

  /** Adds a custom domain and returns its DNS target. */
  const addDomain = async (app: string, hostname: string): Promise<string> => {
    const domain = (await apiRequest(
      server,
      token,
      "POST",
      `/apps/${app}/domains`,
      201,
      { hostname, sni_endpoint: null },
    )) as DomainJson;
    return domain.cname ?? "";
  };

  /** Polls the app's domains until `hostname` has `status`, and returns that entry. */
  const waitForAcmStatus = async (
    app: string,
    hostname: string,
    status: string,
  ): Promise<DomainJson> => {
    let last: DomainJson | undefined;
    await waitFor(
      async () => {
        last = (await domainsOf(app)).find(
          (domain) => domain.hostname === hostname,
        );
        return last?.acm_status === status;
      },
      { description: `${hostname} to be ${status}`, timeoutMs: 20_000 },
    ).catch((error: Error) => {
      throw new Error(`${error.message}; last seen ${JSON.stringify(last)}`);
    });
    return last!;
  };

  it("issues an ACM certificate for a custom domain", async () => {
    const app = await createApp(server, token, "acm-app");
    const target = await addDomain(app.name, "www.example.com");
    await pebble.setCname("www.example.com", target);
    await apiRequest(server, token, "POST", `/apps/${app.name}/acm`, 200, {});

    const custom = await waitForAcmStatus(
      app.name,
      "www.example.com",
      "cert issued",
    );
    expect(custom.acm_status_reason).toBeNull();
    const certificate = await waitForCertificate(
      records,
      app.id,
      "www.example.com",
      "issued",
    );
    expect(subjectAltNames(certificate.chain_pem ?? "")).toEqual([
      "www.example.com",
    ]);
    const [, intermediate] = splitChain(certificate.chain_pem ?? "");
    const root = new X509Certificate(await pebble.root());
    expect(intermediate?.verify(root.publicKey)).toBe(true);

    // The default domain keeps its own certificate and status.
    const heroku = await waitForAcmStatus(
      app.name,
      app.defaultDomain,
      "cert issued",
    );
    expect(heroku.kind).toBe("heroku");
    const defaultCertificate = await waitForCertificate(
      records,
      app.id,
      app.defaultDomain,
      "issued",
    );
    expect(defaultCertificate.certificate_id).not.toBe(
      certificate.certificate_id,
    );
    expect(subjectAltNames(defaultCertificate.chain_pem ?? "")).toEqual([
      app.defaultDomain,
    ]);
    expect(records.acmEndpointsOf(app.id)).toEqual([
      { domain_id: expect.any(String), cert_domains: '["www.example.com"]' },
    ]);

    const endpoints = (await apiRequest(
      server,
      token,
      "GET",
      `/apps/${app.name}/sni-endpoints`,
      200,
    )) as { ssl_cert: { acm: boolean; cert_domains: string[] } }[];
    expect(endpoints.map((endpoint) => endpoint.ssl_cert)).toEqual([
      expect.objectContaining({ acm: true, cert_domains: ["www.example.com"] }),
    ]);

    const auto = await cli.run(["certs:auto", "-a", app.name]);
    expect(auto.code).toBe(0);
    const lines = outputLines(auto.stdout);
    expect(lines[0]).toBe(
      `=== Automatic Certificate Management is enabled on ${app.name}`,
    );
    expect(
      lines.some((line) =>
        /^www\.example\.com\s+Cert issued\s/.test(line.trim()),
      ),
    ).toBe(true);

    const info = await cli.run([
      "domains:info",
      "www.example.com",
      "-a",
      app.name,
    ]);
    expect(info.code).toBe(0);
    expect(outputLines(info.stdout)).toContain("acm_status: cert issued");
  }, 60_000);

  it("fails a domain whose DNS points elsewhere", async () => {
    const app = await createApp(server, token, "acm-lost");
    // Nothing listens on 127.0.0.2, so Pebble cannot fetch the challenge.
    await pebble.addA("lost.example.com", "127.0.0.2");
    await apiRequest(server, token, "POST", `/apps/${app.name}/acm`, 200, {});
    await addDomain(app.name, "lost.example.com");

    const lost = await waitForAcmStatus(app.name, "lost.example.com", "failed");
    expect(lost.acm_status_reason).toContain("lost.example.com");
    expect(lost.acm_status_reason).toContain("gave up after 2 attempts");
    expect(records.acmEndpointsOf(app.id)).toEqual([]);
  }, 40_000);

  it("retires the certificate when ACM is disabled", async () => {
    const app = await createApp(server, token, "acm-off");
    const target = await addDomain(app.name, "off.example.com");
    await pebble.setCname("off.example.com", target);
    await apiRequest(server, token, "POST", `/apps/${app.name}/acm`, 200, {});
    const issued = await waitForCertificate(
      records,
      app.id,
      "off.example.com",
      "issued",
    );
    expect(records.acmEndpointsOf(app.id)).toHaveLength(1);

    await apiRequest(server, token, "DELETE", `/apps/${app.name}/acm`, 200);
    await waitFor(
      () =>
        records
          .certificatesOf(app.id)
          .some(
            (row) =>
              row.certificate_id === issued.certificate_id &&
              row.state === "retired",
          ),
      { description: "the ACM certificate to be retired", timeoutMs: 10_000 },
    );
    const domain = (await domainsOf(app.name)).find(
      (entry) => entry.hostname === "off.example.com",
    );
    expect(domain?.acm_status).toBeNull();
    expect(records.acmEndpointsOf(app.id)).toEqual([]);
    const reasons = (await records.certificateEvents("CertificateRetired"))
      .filter((event) => event.data.certificateId === issued.certificate_id)
      .map((event) => event.data.reason);
    expect(reasons).toEqual(["acm-disabled"]);
    // The default domain's certificate stays.
    expect(records.defaultDomainStatus(app.id).status).toBe("cert issued");
  }, 40_000);

  it("retires the certificate of a removed domain", async () => {
    const app = await createApp(server, token, "acm-gone");
    await apiRequest(server, token, "POST", `/apps/${app.name}/acm`, 200, {});
    const target = await addDomain(app.name, "gone.example.com");
    await pebble.setCname("gone.example.com", target);
    const issued = await waitForCertificate(
      records,
      app.id,
      "gone.example.com",
      "issued",
    );

    await apiRequest(
      server,
      token,
      "DELETE",
      `/apps/${app.name}/domains/gone.example.com`,
      200,
    );
    await waitFor(() => records.acmEndpointsOf(app.id).length === 0, {
      description: "the ACM endpoint to be removed",
      timeoutMs: 10_000,
    });
    const reasons = (await records.certificateEvents("CertificateRetired"))
      .filter((event) => event.data.certificateId === issued.certificate_id)
      .map((event) => event.data.reason);
    expect(reasons).toEqual(["domain-removed"]);
  }, 40_000);
});
