/**
 * Throughput of the dyno provisioning saga with a zero-delay simulated
 * driver: one server on embedded defaults on 127.0.0.1, N apps in one space
 * each scaled from 0 to Q web dynos at once, then timed until every dyno is
 * `up`. It prints dynos brought up per second and the time per saga step
 * (each event the sagas and the scheduler append for a dyno), and exits 1
 * when a dyno does not come up within the time bound.
 *
 * Usage: npm run bench:sagas -- [--apps N] [--quantity Q] [--timeout S]
 */
import { cpus } from "node:os";
import { join } from "node:path";
import { SqliteEventStore } from "../libs/event-store/src/index.js";
import { ControlPlaneServer } from "../test/support/control-plane-server.js";

interface Settings {
  apps: number;
  quantity: number;
  timeoutSeconds: number;
}

function readSettings(argv: string[]): Settings {
  const value = (flag: string, fallback: number): number => {
    const index = argv.indexOf(`--${flag}`);
    if (index < 0) return fallback;
    const parsed = Number(argv[index + 1]);
    if (!Number.isInteger(parsed) || parsed < 1) {
      throw new Error(`--${flag} must be a positive whole number.`);
    }
    return parsed;
  };
  return {
    apps: value("apps", 5),
    quantity: Math.min(100, value("quantity", 100)),
    timeoutSeconds: value("timeout", 300),
  };
}

async function expectStatus(
  response: Response,
  status: number,
  what: string,
): Promise<unknown> {
  if (response.status !== status) {
    throw new Error(
      `${what} returned ${response.status}: ${await response.text()}`,
    );
  }
  return response.json();
}

async function main(): Promise<number> {
  const settings = readSettings(process.argv.slice(2));
  const server = await ControlPlaneServer.start({
    env: {
      LOG_LEVEL: "warn",
      DYNO_PROVISION_DELAY_MS: "0",
      RENDEZVOUS_PORT: "0",
    },
  });
  try {
    const token = await server.createAccount("bench@example.com");
    await server.admin(
      "teams:create",
      "bench-team",
      "--admin",
      "bench@example.com",
    );
    await expectStatus(
      await server.request("POST", "/spaces", token, {
        name: "bench-space",
        team: "bench-team",
        region: "tokyo",
      }),
      201,
      "POST /spaces",
    );
    const apps = Array.from(
      { length: settings.apps },
      (_, index) => `bench-app-${index + 1}`,
    );
    for (const name of apps) {
      await expectStatus(
        await server.request("POST", "/teams/apps", token, {
          name,
          space: "bench-space",
        }),
        201,
        `POST /teams/apps ${name}`,
      );
    }
    const store = new SqliteEventStore(join(server.dataDir, "events.sqlite"));
    const headBefore = await store.headPosition();

    const started = performance.now();
    await Promise.all(
      apps.map(async (name) =>
        expectStatus(
          await server.request("PATCH", `/apps/${name}/formation`, token, {
            updates: [{ type: "web", quantity: String(settings.quantity) }],
          }),
          200,
          `PATCH formation of ${name}`,
        ),
      ),
    );
    const total = settings.apps * settings.quantity;
    const deadline = started + settings.timeoutSeconds * 1000;
    let up = 0;
    while (up < total) {
      if (performance.now() > deadline) {
        process.stderr.write(
          `Only ${up} of ${total} dynos were up after ${settings.timeoutSeconds} s.\n`,
        );
        return 1;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
      up = 0;
      for (const name of apps) {
        const dynos = (await expectStatus(
          await server.request("GET", `/apps/${name}/dynos`, token),
          200,
          "GET dynos",
        )) as { state: string }[];
        up += dynos.filter((dyno) => dyno.state === "up").length;
      }
    }
    const seconds = (performance.now() - started) / 1000;
    const events = (await store.readAll({ afterPosition: headBefore })).filter(
      (event) => event.streamId.startsWith("dyno-"),
    ).length;
    await store.close();

    process.stdout.write(
      [
        `Saga throughput, ${settings.apps} apps x ${settings.quantity} web dynos, zero-delay simulated driver`,
        `machine: ${cpus().length} CPUs (${cpus()[0]?.model ?? "unknown"}), Node.js ${process.version}`,
        `command: npm run bench:sagas -- --apps ${settings.apps} --quantity ${settings.quantity}`,
        `dynos up:            ${total}`,
        `time to all up:      ${seconds.toFixed(2)} s`,
        `dynos up per second: ${(total / seconds).toFixed(1)}`,
        `dyno stream events:  ${events} (${(events / total).toFixed(1)} per dyno)`,
        `time per saga step:  ${((seconds * 1000) / events).toFixed(2)} ms`,
        "",
      ].join("\n"),
    );
    return 0;
  } finally {
    await server.dispose();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `Benchmark failed: ${(error as Error).stack ?? String(error)}\n`,
    );
    process.exit(1);
  },
);
