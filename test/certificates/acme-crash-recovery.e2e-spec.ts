import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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
  subjectAltNames,
  waitForCertificate,
} from "./issuance-support.js";

const describeWithPebble = await describeWhenPebbleInstalled();

/**
 * The server is killed with SIGKILL between placing an order and recording
 * its certificate, then restarted on the same data folder: it completes the
 * recorded order, so Pebble logs exactly one order and the certificate is
 * recorded once.
 */
describeWithPebble("certificate crash recovery", () => {
  let pebble: Pebble;
  let dataDir: string;
  let port: number;
  let server: ControlPlaneServer | undefined;
  let records: ServerRecords | undefined;

  beforeEach(async () => {
    port = await freePort();
    pebble = await Pebble.start({ httpPort: port });
    dataDir = mkdtempSync(join(tmpdir(), "certificate-crash-"));
  }, 30_000);

  afterEach(async () => {
    await records?.close();
    records = undefined;
    await server?.stop();
    server = undefined;
    await pebble?.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const start = (env: Record<string, string> = {}) =>
    ControlPlaneServer.start({
      dataDir,
      port,
      env: certificateEnv({ ...pebble.serverEnv(), ...env }),
    });

  for (const point of ["after-order-placed", "after-order-completed"]) {
    it(`resumes the order killed ${point}`, async () => {
      server = await start({ CRASH_AT: point });
      const token = await createTeamSpace(server);
      const app = await createApp(server, token, "crash-app");
      // The crash point kills the process; wait for it to be gone.
      await waitFor(
        async () => {
          try {
            await fetch(`${server!.url}/health`);
            return false;
          } catch {
            return true;
          }
        },
        { description: `the server to die ${point}`, timeoutMs: 20_000 },
      );
      await server.stop("SIGKILL");
      expect(server.logs).toContain(`killing the process at ${point}`);
      records = new ServerRecords(dataDir);
      expect(
        await records.certificateEvents("CertificateOrderPlaced"),
      ).toHaveLength(1);
      expect(await records.certificateEvents("CertificateIssued")).toEqual([]);

      server = await start();
      const certificate = await waitForCertificate(
        records,
        app.id,
        app.defaultDomain,
        "issued",
      );
      expect(subjectAltNames(certificate.chain_pem ?? "")).toEqual([
        app.defaultDomain,
      ]);
      const placed = await records.certificateEvents("CertificateOrderPlaced");
      expect(placed.map((event) => event.data.orderUrl)).toEqual([
        certificate.order_url,
      ]);
      expect(
        await records.certificateEvents("CertificateOrderAttempted"),
      ).toHaveLength(1);
      expect(await records.certificateEvents("CertificateIssued")).toHaveLength(
        1,
      );
      expect(pebble.createdOrders).toHaveLength(1);
    }, 60_000);
  }
});
