import { createHash, randomBytes, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { SecretBox } from "../../libs/secret-box/src/index.js";
import type { EncryptedSecret } from "../../libs/domain/src/index.js";
import { ControlPlaneServer } from "../support/control-plane-server.js";
import { waitFor } from "../support/wait-for.js";
import {
  type Json,
  expectOk,
  expectPlatformError,
  UUID,
} from "../api/api-helpers.js";
import {
  type Accounts,
  APP,
  eventsOfType,
  setUpTeamApp,
  TEAM,
  TestCertificates,
} from "./certificate-support.js";

const ENDPOINTS = `/apps/${APP}/sni-endpoints`;
const NAME = /^[a-z]+-\d{5}$/;

/** Returns the base64 lines of a PEM key, any of which would leak the key. */
function keyLines(pem: string): string[] {
  return pem
    .split("\n")
    .filter((line) => line.length >= 40 && !line.startsWith("-----"));
}

/** Reads every stored byte of the server: event log, read models and their WAL files. */
function storedText(dataDir: string): string {
  return readdirSync(dataDir)
    .filter((file) => /\.sqlite(-wal)?$/.test(file))
    .map((file) => readFileSync(join(dataDir, file)).toString("latin1"))
    .join("\n");
}

describe("SNI endpoints API", () => {
  const certificates = new TestCertificates();
  const secretKey = randomBytes(32);
  /** Every response body the tests received, to search for leaked keys. */
  const bodies: string[] = [];
  let server: ControlPlaneServer;
  let tokens: Accounts;

  async function call(
    method: string,
    path: string,
    token: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Response> {
    const response = await server.request(method, path, token, body, headers);
    const text = await response.clone().text();
    bodies.push(text);
    return response;
  }

  async function expectRejected(
    body: unknown,
    message: string | RegExp,
  ): Promise<void> {
    const head = await server.headPosition();
    const response = await call("POST", ENDPOINTS, tokens.admin, body);
    await expectPlatformError(response, 422, "invalid_params", message);
    expect(await server.headPosition()).toBe(head);
  }

  beforeAll(async () => {
    server = await ControlPlaneServer.start({
      env: {
        SECRET_KEY: secretKey.toString("base64"),
        SNI_TRUSTED_CA_FILE: certificates.trustedRootFile,
      },
    });
    tokens = await setUpTeamApp(server);
  }, 60_000);

  afterAll(async () => {
    await server?.dispose();
    certificates.cleanup();
  });

  describe("a CA-signed chain", () => {
    let added: Json;
    const upload = () => ({
      certificate_chain: certificates.chainPem,
      private_key: certificates.chain.leaf.key,
    });

    it("POST adds the endpoint", async () => {
      const requestId = randomUUID();
      added = await expectOk(
        await call("POST", ENDPOINTS, tokens.admin, upload(), {
          "request-id": requestId,
        }),
        201,
      );
      expect(added.name).toMatch(NAME);
      expect(added.id).toMatch(UUID);
      expect(added.app).toEqual({ id: expect.stringMatching(UUID), name: APP });
      expect(added.certificate_chain).toBe(certificates.chainPem);
      expect(added.display_name).toBeNull();
      expect(added.domains).toEqual([]);
      expect(added).not.toHaveProperty("private_key");
      expect(added.ssl_cert).toEqual({
        "ca_signed?": true,
        cert_domains: ["www.example.com", "example.com"],
        expires_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
        issuer: "/C=US/O=Example/CN=Example Test Intermediate",
        "self_signed?": false,
        starts_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
        subject: "/C=US/O=Example/CN=www.example.com",
        id: expect.stringMatching(UUID),
        acm: false,
      });

      const head = await server.headPosition();
      const retried = await expectOk(
        await call("POST", ENDPOINTS, tokens.admin, upload(), {
          "request-id": requestId,
        }),
        201,
      );
      expect(retried).toEqual(added);
      expect(await server.headPosition()).toBe(head);
    });

    it("GET lists and shows it", async () => {
      const listed = await expectOk<Json[]>(
        await call("GET", ENDPOINTS, tokens.viewer),
      );
      expect(listed).toEqual([added]);
      for (const identity of [added.name, added.id]) {
        const shown = await expectOk(
          await call("GET", `${ENDPOINTS}/${String(identity)}`, tokens.viewer),
        );
        expect(shown).toEqual(added);
      }
    });

    it("PATCH replaces the certificate", async () => {
      const replacement = certificates.selfSignedFor("www.example.com");
      const updated = await expectOk(
        await call(
          "PATCH",
          `${ENDPOINTS}/${String(added.name)}`,
          tokens.admin,
          {
            certificate_chain: replacement.certificate,
            private_key: replacement.key,
          },
        ),
      );
      expect(updated.id).toBe(added.id);
      expect(updated.name).toBe(added.name);
      expect(updated.created_at).toBe(added.created_at);
      expect(updated.updated_at).not.toBe(added.updated_at);
      expect(updated.certificate_chain).toBe(replacement.certificate);
      const sslCert = updated.ssl_cert as Json;
      expect(sslCert["ca_signed?"]).toBe(false);
      expect(sslCert["self_signed?"]).toBe(true);
      expect(sslCert.issuer).toBe("/CN=www.example.com");
      expect(sslCert.id).not.toBe((added.ssl_cert as Json).id);
    });

    it("PATCH with a bad certificate changes nothing", async () => {
      const head = await server.headPosition();
      const response = await call(
        "PATCH",
        `${ENDPOINTS}/${String(added.name)}`,
        tokens.admin,
        {
          certificate_chain: certificates.expired.certificate,
          private_key: certificates.expired.key,
        },
      );
      await expectPlatformError(
        response,
        422,
        "invalid_params",
        "The certificate expired on 2024-01-01T00:00:00Z.",
      );
      expect(await server.headPosition()).toBe(head);
    });

    it("DELETE removes it once", async () => {
      const requestId = randomUUID();
      const path = `${ENDPOINTS}/${String(added.id)}`;
      const removed = await expectOk(
        await call("DELETE", path, tokens.admin, undefined, {
          "request-id": requestId,
        }),
      );
      expect(removed.id).toBe(added.id);
      expect(removed.name).toBe(added.name);
      expect(
        await expectOk<Json[]>(await call("GET", ENDPOINTS, tokens.admin)),
      ).toEqual([]);

      const head = await server.headPosition();
      const retried = await expectOk(
        await call("DELETE", path, tokens.admin, undefined, {
          "request-id": requestId,
        }),
      );
      expect(retried.id).toBe(added.id);
      expect(await server.headPosition()).toBe(head);

      await expectPlatformError(
        await call("DELETE", path, tokens.admin),
        404,
        "not_found",
        "Couldn't find that SNI endpoint.",
      );
    });
  });

  describe("a rejected upload", () => {
    it("reports an expired certificate", async () => {
      await expectRejected(
        {
          certificate_chain: certificates.expired.certificate,
          private_key: certificates.expired.key,
        },
        "The certificate expired on 2024-01-01T00:00:00Z.",
      );
    });

    it("reports a mismatched key", async () => {
      await expectRejected(
        {
          certificate_chain: certificates.chainPem,
          private_key: certificates.selfSigned.key,
        },
        "The private key does not match the certificate for www.example.com.",
      );
    });

    it("reports garbage PEM", async () => {
      await expectRejected(
        {
          certificate_chain: "not a certificate",
          private_key: certificates.selfSigned.key,
        },
        "No PEM certificate found in certificate_chain.",
      );
    });

    it("reports a chain out of order", async () => {
      await expectRejected(
        {
          certificate_chain:
            certificates.chain.leaf.certificate +
            certificates.chain.root.certificate,
          private_key: certificates.chain.leaf.key,
        },
        /^The certificate chain is not valid: certificate 2 did not sign certificate 1\./,
      );
    });
  });

  describe("permissions", () => {
    const upload = () => ({
      certificate_chain: certificates.selfSigned.certificate,
      private_key: certificates.selfSigned.key,
    });
    let endpointName: string;

    beforeAll(async () => {
      const added = await expectOk(
        await call("POST", ENDPOINTS, tokens.admin, upload()),
        201,
      );
      endpointName = String(added.name);
    });

    it("rejects changes without manage", async () => {
      const head = await server.headPosition();
      const forbidden =
        "You do not have the manage permission on the app cert-app: ask a team admin or a collaborator with manage to grant it.";
      const attempts: Array<[string, string, unknown]> = [
        ["POST", ENDPOINTS, upload()],
        ["PATCH", `${ENDPOINTS}/${endpointName}`, upload()],
        ["DELETE", `${ENDPOINTS}/${endpointName}`, undefined],
      ];
      for (const [method, path, body] of attempts) {
        const response = await call(method, path, tokens.viewer, body);
        await expectPlatformError(response, 403, "forbidden", forbidden);
      }
      expect(await server.headPosition()).toBe(head);
    });

    it("hides the app from outsiders", async () => {
      for (const path of [ENDPOINTS, `${ENDPOINTS}/${endpointName}`]) {
        await expectPlatformError(
          await call("GET", path, tokens.outsider),
          404,
          "not_found",
          "Couldn't find that app.",
        );
      }
    });
  });

  describe("concurrent uploads", () => {
    it("get distinct names", async () => {
      const uploads = Array.from({ length: 6 }, () =>
        call("POST", ENDPOINTS, tokens.admin, {
          certificate_chain: certificates.selfSigned.certificate,
          private_key: certificates.selfSigned.key,
        }),
      );
      const added = await Promise.all(
        (await Promise.all(uploads)).map((response) => expectOk(response, 201)),
      );
      const names = added.map((endpoint) => String(endpoint.name));
      expect(new Set(names).size).toBe(6);
      const listed = await expectOk<Json[]>(
        await call("GET", ENDPOINTS, tokens.admin),
      );
      for (const name of names)
        expect(listed.map((endpoint) => endpoint.name)).toContain(name);
    });
  });

  describe("the private key", () => {
    const uploadedKeys = () => [
      certificates.chain.leaf.key,
      certificates.selfSigned.key,
    ];

    it("never appears in responses, logs or stores", () => {
      expect(bodies.length).toBeGreaterThan(10);
      const lines = uploadedKeys().flatMap(keyLines);
      expect(lines.length).toBeGreaterThan(2);
      const responses = bodies.join("\n");
      const stored = storedText(server.dataDir);
      for (const line of lines) {
        expect(responses).not.toContain(line);
        expect(server.logs).not.toContain(line);
        expect(stored).not.toContain(line);
      }
    });

    it("is encrypted under SECRET_KEY", async () => {
      const events = await eventsOfType(server, "SniEndpointAdded");
      expect(events.length).toBeGreaterThan(0);
      const box = new SecretBox(secretKey);
      const keyId = createHash("sha256")
        .update(secretKey)
        .digest("hex")
        .slice(0, 16);
      for (const event of events) {
        const sealed = event.data.privateKey as EncryptedSecret;
        expect(sealed.keyId).toBe(keyId);
        const key = box.decrypt(sealed, event.streamId);
        expect(uploadedKeys()).toContain(key);
      }
      expect(existsSync(join(server.dataDir, "secret.key"))).toBe(false);
      expect(server.logs).toContain(`key ${keyId} from SECRET_KEY`);
    });
  });

  describe("app destroy", () => {
    it("removes the app's endpoints", async () => {
      const app = "cert-app-gone";
      await expectOk(
        await call("POST", "/teams/apps", tokens.admin, {
          name: app,
          team: TEAM,
        }),
        201,
      );
      const added = await expectOk(
        await call("POST", `/apps/${app}/sni-endpoints`, tokens.admin, {
          certificate_chain: certificates.selfSigned.certificate,
          private_key: certificates.selfSigned.key,
        }),
        201,
      );
      await expectOk(await call("DELETE", `/apps/${app}`, tokens.admin));

      await waitFor(
        async () =>
          (await eventsOfType(server, "SniEndpointRemoved")).some(
            (event) =>
              event.data.sniEndpointId === added.id &&
              event.data.reason === "app-destroyed",
          ),
        { description: `endpoint ${String(added.id)} to be removed` },
      );
      await waitFor(
        async () =>
          (await eventsOfType(server, "NameReleased")).some(
            (event) =>
              event.data.kind === "sni-endpoint-name" &&
              event.data.ownerId === added.id,
          ),
        { description: `name ${String(added.name)} to be released` },
      );
    });
  });
});

describe("SNI endpoints without SECRET_KEY", () => {
  const certificates = new TestCertificates();
  let server: ControlPlaneServer;

  beforeAll(async () => {
    server = await ControlPlaneServer.start();
  }, 60_000);

  afterAll(async () => {
    await server?.dispose();
    certificates.cleanup();
  });

  it("encrypts with the generated key", async () => {
    const tokens = await setUpTeamApp(server);
    const added = await expectOk(
      await server.request("POST", ENDPOINTS, tokens.admin, {
        certificate_chain: certificates.chainPem,
        private_key: certificates.chain.leaf.key,
      }),
      201,
    );
    // Without SNI_TRUSTED_CA_FILE the test root is unknown.
    expect((added.ssl_cert as Json)["ca_signed?"]).toBe(false);

    const keyFile = join(server.dataDir, "secret.key");
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const box = new SecretBox(
      Buffer.from(readFileSync(keyFile, "utf8").trim(), "base64"),
    );
    const [event] = await eventsOfType(server, "SniEndpointAdded");
    const sealed = event?.data.privateKey as EncryptedSecret;
    expect(sealed.keyId).toBe(box.keyId);
    expect(box.decrypt(sealed, event!.streamId)).toBe(
      certificates.chain.leaf.key,
    );
    expect(server.logs).toContain(
      `key ${box.keyId} from ${keyFile} (generated)`,
    );
  });
});
