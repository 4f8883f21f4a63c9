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
  ServerRecords,
  waitForCertificate,
} from "./issuance-support.js";

const describeWithPebble = await describeWhenPebbleInstalled();

/** Pebble is configured for 9-second certificates, so renewal starts 3 seconds before expiry. */
describeWithPebble("certificate renewal", () => {
  let pebble: Pebble;
  let server: ControlPlaneServer;
  let records: ServerRecords;

  beforeAll(async () => {
    const port = await freePort();
    pebble = await Pebble.start({
      httpPort: port,
      certificateValidityPeriod: 9,
    });
    server = await ControlPlaneServer.start({
      port,
      env: certificateEnv(pebble.serverEnv()),
    });
    records = new ServerRecords(server.dataDir);
  }, 60_000);

  afterAll(async () => {
    await records?.close();
    await server?.dispose();
    await pebble?.dispose();
  });

  it("renews before expiry and keeps serving", async () => {
    const token = await createTeamSpace(server);
    const app = await createApp(server, token, "renew-app");
    const first = await waitForCertificate(
      records,
      app.id,
      app.defaultDomain,
      "issued",
    );
    const statuses = new Set<string | null>();
    let serials: string[] = [];
    await waitFor(
      async () => {
        statuses.add(records.defaultDomainStatus(app.id).status);
        serials = (await records.certificateEvents("CertificateIssued"))
          .filter((event) => event.data.certificateId === first.certificate_id)
          .map((event) => String(event.data.serialNumber));
        return serials.length >= 2;
      },
      { description: "a renewed certificate", timeoutMs: 20_000 },
    );
    expect(new Set(serials).size).toBe(serials.length);
    expect([...statuses]).toEqual(["cert issued"]);
    const renewal = (await records.certificateEvents("CertificateTimerFired"))
      .filter((event) => event.data.certificateId === first.certificate_id)
      .map((event) => String(event.data.timerId).split(":")[1]);
    expect(renewal[0]).toBe("renewal");
    const issued = (await records.certificateEvents("CertificateIssued")).find(
      (event) => event.data.certificateId === first.certificate_id,
    );
    const renewedAt = (await records.certificateEvents("CertificateIssued"))
      .filter((event) => event.data.certificateId === first.certificate_id)
      .map((event) => Date.parse(String(event.data.at)))[1]!;
    expect(renewedAt).toBeLessThan(Date.parse(String(issued?.data.notAfter)));
  }, 40_000);
});
