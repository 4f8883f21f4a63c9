import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../apps/api/src/config/app-config.js";
import { certificatePolicyFrom } from "../../apps/api/src/certificates/certificate-policy.js";

const DAY_MS = 24 * 60 * 60 * 1000;

describe("certificate settings", () => {
  let folder: string;
  let caFile: string;

  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), "certificate-config-"));
    caFile = join(folder, "ca.pem");
    writeFileSync(caFile, "not checked here");
  });

  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it("defaults to the local CA", () => {
    expect(loadConfig({}).certificates).toEqual({
      issuer: "local",
      acmeDirectoryUrl: null,
      acmeCaFile: null,
      acmeAccountEmail: null,
      maxAttempts: 5,
      retryBackoffMs: 30_000,
      renewBeforeMaxDays: 30,
      localValidityDays: 90,
    });
  });

  it("reads the ACME settings", () => {
    const certificates = loadConfig({
      CERT_ISSUER: "acme",
      ACME_DIRECTORY_URL: "https://127.0.0.1:14000/dir",
      ACME_CA_FILE: caFile,
      ACME_ACCOUNT_EMAIL: "ops@example.com",
      CERT_MAX_ATTEMPTS: "3",
      CERT_RETRY_BACKOFF_MS: "100",
    }).certificates;
    expect(certificates).toMatchObject({
      issuer: "acme",
      acmeDirectoryUrl: "https://127.0.0.1:14000/dir",
      acmeCaFile: caFile,
      acmeAccountEmail: "ops@example.com",
      maxAttempts: 3,
      retryBackoffMs: 100,
    });
  });

  it.each([
    [
      { CERT_ISSUER: "vault" },
      "CERT_ISSUER=vault is invalid: use local or acme.",
    ],
    [
      { CERT_ISSUER: "acme" },
      "ACME_DIRECTORY_URL is missing: CERT_ISSUER=acme needs the https URL of an ACME directory.",
    ],
    [
      { CERT_ISSUER: "acme", ACME_DIRECTORY_URL: "http://127.0.0.1/dir" },
      "ACME_DIRECTORY_URL=http://127.0.0.1/dir is invalid: use an https URL.",
    ],
    [
      { ACME_CA_FILE: "/nonexistent/ca.pem" },
      "ACME_CA_FILE=/nonexistent/ca.pem is invalid: the file does not exist.",
    ],
    [
      { ACME_ACCOUNT_EMAIL: "ops" },
      "ACME_ACCOUNT_EMAIL=ops is invalid: use an email address.",
    ],
    [
      { CERT_MAX_ATTEMPTS: "0" },
      "CERT_MAX_ATTEMPTS=0 is invalid: use an integer from 1 to 50.",
    ],
  ])("rejects %j", (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});

describe("certificate policy", () => {
  const policy = certificatePolicyFrom(loadConfig({}).certificates);

  it("doubles the backoff after each failure", () => {
    expect([1, 2, 3].map((failures) => policy.backoffMs(failures))).toEqual([
      30_000, 60_000, 120_000,
    ]);
  });

  it("renews 30 days before a 90-day expiry", () => {
    const notBefore = new Date("2025-01-01T00:00:00.000Z");
    const notAfter = new Date(notBefore.getTime() + 90 * DAY_MS);
    expect(policy.renewAt(notBefore, notAfter)).toEqual(
      new Date(notAfter.getTime() - 30 * DAY_MS),
    );
  });

  it("caps renewal at 30 days for long lifetimes", () => {
    const notBefore = new Date("2025-01-01T00:00:00.000Z");
    const notAfter = new Date(notBefore.getTime() + 365 * DAY_MS);
    expect(policy.renewAt(notBefore, notAfter)).toEqual(
      new Date(notAfter.getTime() - 30 * DAY_MS),
    );
  });

  it("renews a third of a short lifetime ahead", () => {
    const notBefore = new Date("2025-01-01T00:00:00.000Z");
    const notAfter = new Date(notBefore.getTime() + 9000);
    expect(policy.renewAt(notBefore, notAfter)).toEqual(
      new Date(notBefore.getTime() + 6000),
    );
  });
});
