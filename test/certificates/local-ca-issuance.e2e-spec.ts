import { readFileSync } from "node:fs";
import { join } from "node:path";
import { apiRequest } from "../e2e/cli-output.js";
import { ControlPlaneServer } from "../support/control-plane-server.js";
import {
  certificateEnv,
  createApp,
  createTeamSpace,
  ServerRecords,
  splitChain,
  subjectAltNames,
  waitForCertificate,
} from "./issuance-support.js";

/** The embedded default: certificates of default domains come from the local CA under DATA_DIR. */
describe("default-domain certificates from the local CA", () => {
  let server: ControlPlaneServer;
  let records: ServerRecords;
  let token: string;

  beforeAll(async () => {
    server = await ControlPlaneServer.start({ env: certificateEnv() });
    token = await createTeamSpace(server);
    records = new ServerRecords(server.dataDir);
  }, 60_000);

  afterAll(async () => {
    await records?.close();
    await server?.dispose();
  });

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
});
