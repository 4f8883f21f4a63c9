import { join } from "node:path";
import { X509Certificate } from "node:crypto";
import { ControlPlaneServer } from "../support/control-plane-server.js";
import { HerokuCli } from "../support/heroku-cli.js";
import {
  apiErrorOutput,
  apiRequest,
  outputLines,
  tableRows,
  unwrapBlocks,
} from "../e2e/cli-output.js";
import {
  type Accounts,
  APP,
  setUpTeamApp,
  TestCertificates,
} from "./certificate-support.js";

/** Formats a certificate date as the CLI prints it: `2026-01-01 00:00 UTC`. */
function cliDate(validity: string): string {
  const iso = new Date(validity).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

function details(
  pem: string,
  names: string[],
  issuer: string,
  subject: string,
): string[] {
  const certificate = new X509Certificate(pem);
  const [first, ...others] = names;
  return [
    `Common Name(s): ${first}`,
    ...others.map((name) => `                ${name}`),
    `Expires At:     ${cliDate(certificate.validTo)}`,
    `Issuer:         ${issuer}`,
    `Starts At:      ${cliDate(certificate.validFrom)}`,
    `Subject:        ${subject}`,
  ];
}

const MISSING_MANAGE = `You do not have the manage permission on the app ${APP}: ask a team admin or a collaborator with manage to grant it.`;

/**
 * The real Heroku CLI manages uploaded certificates of an app that has no
 * custom domain, so `certs:add` never prompts for domains to attach.
 */
describe("heroku certs", () => {
  const certificates = new TestCertificates();
  let server: ControlPlaneServer;
  let tokens: Accounts;
  let cli: HerokuCli;
  let viewerCli: HerokuCli;
  let selfSignedFiles: string[];
  let chainFiles: string[];
  let selfSignedName: string;
  let chainName: string;

  const endpointNames = async (): Promise<string[]> => {
    const endpoints = (await apiRequest(
      server,
      tokens.admin,
      "GET",
      `/apps/${APP}/sni-endpoints`,
      200,
    )) as { name: string }[];
    return endpoints.map((endpoint) => endpoint.name);
  };

  beforeAll(async () => {
    server = await ControlPlaneServer.start({
      env: { SNI_TRUSTED_CA_FILE: certificates.trustedRootFile },
    });
    tokens = await setUpTeamApp(server);
    cli = new HerokuCli({ apiUrl: server.url, token: tokens.admin });
    viewerCli = cli.withToken(tokens.viewer);
    const files = join(cli.rootDir, "files");
    selfSignedFiles = certificates.writeFiles(files, {
      "self.pem": certificates.selfSigned.certificate,
      "self.key": certificates.selfSigned.key,
    });
    chainFiles = certificates.writeFiles(files, {
      "chain.pem": certificates.chainPem,
      "leaf.key": certificates.chain.leaf.key,
    });
  }, 60_000);

  afterAll(async () => {
    cli?.cleanup();
    await server?.dispose();
    certificates.cleanup();
  });

  it("certs lists none at first", async () => {
    const result = await cli.run(["certs", "-a", APP]);

    expect(result.stdout).toBe(
      `${APP} has no SSL certificates.\nUse heroku certs:add CRT KEY to add one.\n`,
    );
    expect(result.code).toBe(0);
  });

  it("certs:add uploads a self-signed certificate", async () => {
    const result = await cli.run(["certs:add", ...selfSignedFiles, "-a", APP]);

    expect(outputLines(result.stdout)).toEqual([
      "Certificate details:",
      ...details(
        certificates.selfSigned.certificate,
        ["api.other.org"],
        "/CN=api.other.org",
        "/CN=api.other.org",
      ),
      "SSL certificate is self signed.",
      "",
    ]);
    expect(result.stderr).toBe(
      `Adding SSL certificate to ${APP}... done\nWaiting for stable domains to be created... done\n`,
    );
    expect(result.code).toBe(0);
    selfSignedName = (await endpointNames())[0] ?? "";
    expect(selfSignedName).toMatch(/^[a-z]+-\d{5}$/);
  });

  it("certs:add reports a CA-signed chain", async () => {
    const result = await cli.run(["certs:add", ...chainFiles, "-a", APP]);

    expect(outputLines(result.stdout)).toEqual([
      "Certificate details:",
      ...details(
        certificates.chain.leaf.certificate,
        ["www.example.com", "example.com"],
        "/C=US/O=Example/CN=Example Test Intermediate",
        "/C=US/O=Example/CN=www.example.com",
      ),
      "SSL certificate is verified by a root authority.",
      "",
    ]);
    expect(result.code).toBe(0);
    const names = await endpointNames();
    expect(names).toHaveLength(2);
    chainName = names.find((name) => name !== selfSignedName) ?? "";
  });

  it("certs lists both in a table", async () => {
    const result = await cli.run(["certs", "-a", APP]);

    const rows = tableRows(result.stdout);
    expect(rows[0]).toEqual([
      "Name",
      "Common Name(s)",
      "Expires",
      "Trusted",
      "Type",
      "Domains",
    ]);
    const expected = [
      [
        selfSignedName,
        "api.other.org",
        cliDate(
          new X509Certificate(certificates.selfSigned.certificate).validTo,
        ),
        "False",
        "SNI",
        "0",
      ],
      [
        chainName,
        "www.example.com, example.com",
        cliDate(
          new X509Certificate(certificates.chain.leaf.certificate).validTo,
        ),
        "True",
        "SNI",
        "0",
      ],
    ].sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
    expect(rows.slice(1)).toEqual(expected);
    expect(result.code).toBe(0);
  });

  it("certs:info shows one certificate", async () => {
    const result = await viewerCli.run([
      "certs:info",
      "--name",
      selfSignedName,
      "-a",
      APP,
    ]);

    expect(outputLines(result.stdout)).toEqual([
      "Certificate details:",
      ...details(
        certificates.selfSigned.certificate,
        ["api.other.org"],
        "/CN=api.other.org",
        "/CN=api.other.org",
      ),
      "SSL certificate is self signed.",
      "",
    ]);
    expect(result.stderr).toBe(
      `Fetching SSL certificate ${selfSignedName} info for ${APP}... done\n`,
    );
    expect(result.code).toBe(0);
  });

  it("certs:info without --name asks for it", async () => {
    const result = await cli.run(["certs:info", "-a", APP]);

    expect(result.stderr).toContain(
      "Must pass --name when more than one endpoint",
    );
    expect(result.code).toBe(1);
  });

  it("certs:update replaces a certificate", async () => {
    const replacement = certificates.selfSignedFor("www.example.com");
    const files = certificates.writeFiles(join(cli.rootDir, "files"), {
      "new.pem": replacement.certificate,
      "new.key": replacement.key,
    });

    const result = await cli.run([
      "certs:update",
      ...files,
      "--name",
      chainName,
      "--confirm",
      APP,
      "-a",
      APP,
    ]);

    expect(outputLines(result.stdout)).toEqual([
      "Updated certificate details:",
      ...details(
        replacement.certificate,
        ["www.example.com"],
        "/CN=www.example.com",
        "/CN=www.example.com",
      ),
      "SSL certificate is self signed.",
      "",
    ]);
    expect(result.stderr).toBe(
      `Updating SSL certificate ${chainName} for ${APP}... done\n`,
    );
    expect(result.code).toBe(0);
  });

  it("certs:add rejects an expired certificate", async () => {
    const files = certificates.writeFiles(join(cli.rootDir, "files"), {
      "expired.pem": certificates.expired.certificate,
      "expired.key": certificates.expired.key,
    });

    const result = await cli.run(["certs:add", ...files, "-a", APP]);

    expect(unwrapBlocks(result.stderr)).toBe(
      apiErrorOutput(
        "The certificate expired on 2024-01-01T00:00:00Z.",
        "invalid_params",
        `Adding SSL certificate to ${APP}`,
      ),
    );
    expect(result.code).toBe(2);
    expect(await endpointNames()).toHaveLength(2);
  });

  describe("member without manage", () => {
    afterEach(async () => {
      expect((await endpointNames()).sort()).toEqual(
        [selfSignedName, chainName].sort(),
      );
    });

    it("certs:add rejected", async () => {
      const result = await viewerCli.run([
        "certs:add",
        ...selfSignedFiles,
        "-a",
        APP,
      ]);

      expect(unwrapBlocks(result.stderr)).toBe(
        apiErrorOutput(
          MISSING_MANAGE,
          "forbidden",
          `Adding SSL certificate to ${APP}`,
        ),
      );
      expect(result.code).toBe(2);
    });

    it("certs:update rejected", async () => {
      const result = await viewerCli.run([
        "certs:update",
        ...selfSignedFiles,
        "--name",
        selfSignedName,
        "--confirm",
        APP,
        "-a",
        APP,
      ]);

      expect(unwrapBlocks(result.stderr)).toBe(
        apiErrorOutput(
          MISSING_MANAGE,
          "forbidden",
          `Updating SSL certificate ${selfSignedName} for ${APP}`,
        ),
      );
      expect(result.code).toBe(2);
    });

    it("certs:remove rejected", async () => {
      const result = await viewerCli.run([
        "certs:remove",
        "--name",
        selfSignedName,
        "--confirm",
        APP,
        "-a",
        APP,
      ]);

      expect(unwrapBlocks(result.stderr)).toBe(
        apiErrorOutput(
          MISSING_MANAGE,
          "forbidden",
          `Removing SSL certificate ${selfSignedName} from ${APP}`,
        ),
      );
      expect(result.code).toBe(2);
    });
  });

  it("certs:remove deletes a certificate", async () => {
    const result = await cli.run([
      "certs:remove",
      "--name",
      selfSignedName,
      "--confirm",
      APP,
      "-a",
      APP,
    ]);

    expect(result.stderr).toBe(
      `Removing SSL certificate ${selfSignedName} from ${APP}... done\n`,
    );
    expect(result.code).toBe(0);
    expect(await endpointNames()).toEqual([chainName]);
  });
});
