/**
 * Throughput and latency of the Platform API at a fixed number of
 * connections, against one server on embedded defaults (SQLite under a
 * temporary DATA_DIR) on 127.0.0.1:
 *
 *   GET /health/live      no authentication, no store access (the baseline)
 *   GET /account          authentication: log head, projector wait, token lookup
 *   GET /apps/{app}       authentication plus an app permission check
 *   PATCH …/collaborators one appended event per request (a permission grant)
 *
 * Each load runs a warm-up, then a measured window of fixed duration. The
 * run fails (exit 1) when any measured response is not 2xx, when a read
 * load appends events, or when fewer events are appended than writes got
 * 2xx responses. A run that exceeds its time bound stops the server and
 * exits with 2.
 *
 * Usage: npm run bench -- [--duration S] [--warmup S] [--connections N] [--members N]
 */
import { ControlPlaneServer } from "../test/support/control-plane-server.js";
import {
  createFixture,
  currentPermissionSet,
  type Fixture,
  PERMISSION_SETS,
} from "./fixture.js";
import { percentile, runLoad, type LoadOptions } from "./load.js";
import {
  describeFailures,
  describeRun,
  formatTable,
  loadLine,
  type Row,
} from "./report.js";

interface Settings {
  duration: number;
  warmup: number;
  connections: number;
  members: number;
}

const DEFAULTS: Settings = {
  duration: 10,
  warmup: 2,
  connections: 50,
  members: 5,
};
const LIMITS: Record<keyof Settings, [number, number]> = {
  duration: [1, 120],
  warmup: [0, 30],
  connections: [1, 200],
  members: [1, 50],
};
/** Time for the server to start and the fixture to be created. */
const SETUP_BUDGET_MS = 180_000;
/** Time for the server to finish the requests left in flight by a load. */
const SETTLE_TIMEOUT_MS = 15_000;
const ACCEPT = "application/vnd.heroku+json; version=3";

function parseSettings(args: string[]): Settings {
  const settings = { ...DEFAULTS };
  for (let i = 0; i < args.length; i += 2) {
    const name = args[i]?.replace(/^--/, "") as keyof Settings;
    const raw = args[i + 1];
    const limits = LIMITS[name];
    const value = Number(raw);
    if (!limits || !Number.isInteger(value))
      throw new Error(
        `Unknown option or value: ${args[i]} ${raw ?? ""}. Options: ${Object.keys(
          DEFAULTS,
        )
          .map((key) => `--${key} N`)
          .join(", ")}.`,
      );
    if (value < limits[0] || value > limits[1])
      throw new Error(
        `--${name} must be an integer from ${limits[0]} to ${limits[1]}.`,
      );
    settings[name] = value;
  }
  return settings;
}

function print(text = ""): void {
  process.stdout.write(`${text}\n`);
}

/** Waits until the projector has applied every event and the log head stopped moving. */
async function settle(server: ControlPlaneServer): Promise<number> {
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  let previous = -1;
  while (Date.now() < deadline) {
    const response = await fetch(`${server.url}/health`);
    const body = (await response.json()) as {
      event_store: { head: number };
      read_models?: { checkpoint: number };
    };
    const { head } = body.event_store;
    if (head === body.read_models?.checkpoint && head === previous) return head;
    previous = head;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(
    `Timed out after ${SETTLE_TIMEOUT_MS} ms waiting for the log head to stop moving and the projector to reach it.`,
  );
}

function authHeaders(token: string): Record<string, string> {
  return { accept: ACCEPT, authorization: `Bearer ${token}` };
}

interface Load {
  route: string;
  /** Builds the per-connection requests, just before each run (warm-up and measured). */
  prepare: () => Promise<LoadOptions["requestsFor"]>;
}

function loads(server: ControlPlaneServer, fixture: Fixture): Load[] {
  const headers = authHeaders(fixture.adminToken);
  const appOf = (connection: number) => fixture.apps[connection]!;
  return [
    {
      route: "GET /health/live (no-op, no auth)",
      prepare: async () => () => [
        { method: "GET", path: "/health/live", headers: { accept: ACCEPT } },
      ],
    },
    {
      route: "GET /account (auth only)",
      prepare: async () => () => [{ method: "GET", path: "/account", headers }],
    },
    {
      route: "GET /apps/{app} (read)",
      prepare: async () => (connection) => [
        { method: "GET", path: `/apps/${appOf(connection).name}`, headers },
      ],
    },
    {
      route: "PATCH /teams/apps/{app}/collaborators/{user} (write)",
      prepare: async () => {
        // A load stopped mid-request may leave either set in place, so
        // each connection starts with the set its collaborator lacks now.
        const currentSets = await Promise.all(
          fixture.apps.map((app) =>
            currentPermissionSet(server, fixture.adminToken, app),
          ),
        );
        return (connection) => {
          const app = appOf(connection);
          const path = `/teams/apps/${app.name}/collaborators/${encodeURIComponent(app.collaborator)}`;
          const other = 1 - currentSets[connection]!;
          return [other, 1 - other].map((set) => ({
            method: "PATCH",
            path,
            headers: { ...headers, "content-type": "application/json" },
            body: JSON.stringify({ permissions: PERMISSION_SETS[set] }),
          }));
        };
      },
    },
  ];
}

function serverWarnings(logs: string): string[] {
  return logs
    .split("\n")
    .filter((line) => /"level":"(warn|error|fatal)"/.test(line));
}

async function main(): Promise<number> {
  const settings = parseSettings(process.argv.slice(2));
  print(describeRun());
  print(
    `settings: ${settings.connections} connections, ${settings.warmup} s warm-up + ${settings.duration} s measured per route, ${settings.members} collaborator accounts, LOG_LEVEL=warn`,
  );
  print(
    "note: autocannon runs in this process on the same machine as the server.",
  );

  const perLoadMs =
    (settings.warmup + settings.duration) * 1000 + 4 * SETTLE_TIMEOUT_MS;
  const budgetMs = SETUP_BUDGET_MS + 4 * perLoadMs;
  let server: ControlPlaneServer | undefined;
  const watchdog = setTimeout(() => {
    process.stderr.write(
      `Benchmark timed out after ${budgetMs / 1000} s, so it stops the server and exits.\n`,
    );
    // Exits even if the server does not stop within 10 s.
    setTimeout(() => process.exit(2), 10_000).unref();
    void (server?.dispose() ?? Promise.resolve()).finally(() =>
      process.exit(2),
    );
  }, budgetMs);
  process.once("SIGINT", () => {
    void (server?.dispose() ?? Promise.resolve()).finally(() =>
      process.exit(130),
    );
  });

  try {
    server = await ControlPlaneServer.start({ env: { LOG_LEVEL: "warn" } });
    const setupStarted = Date.now();
    const fixture = await createFixture(
      server,
      settings.connections,
      settings.members,
    );
    print(
      `fixture: ${fixture.apps.length} apps in one team, each with one collaborator (${Date.now() - setupStarted} ms)`,
    );
    print();

    const rows: Row[] = [];
    /** Events appended by each load, in its measured window and in total with its warm-up. */
    const appended: { window: number; total: number }[] = [];
    for (const load of loads(server, fixture)) {
      const base = {
        url: server.url,
        connections: settings.connections,
      };
      const headAtStart = await settle(server);
      if (settings.warmup > 0) {
        await runLoad({
          ...base,
          duration: settings.warmup,
          requestsFor: await load.prepare(),
        });
        await settle(server);
      }
      const requestsFor = await load.prepare();
      const headBefore = await settle(server);
      const result = await runLoad({
        ...base,
        duration: settings.duration,
        requestsFor,
      });
      const headAfter = await settle(server);
      appended.push({
        window: headAfter - headBefore,
        total: headAfter - headAtStart,
      });
      rows.push({ route: load.route, result });
      process.stderr.write(
        `${load.route}: ${result.requestsPerSecond.toFixed(0)} requests/s\n`,
      );
    }

    print(formatTable(rows));
    print();
    for (const { route, result } of rows)
      print(
        `tail of ${route}: p99.9 ${result.p999Ms.toFixed(1)} ms, max ${result.maxMs.toFixed(1)} ms; first request of each connection: median ${percentile(result.firstMs, 0.5).toFixed(1)} ms, max ${(result.firstMs.at(-1) ?? Number.NaN).toFixed(1)} ms`,
      );
    let valid = true;
    for (const row of rows) {
      const described = describeFailures(row);
      if (described) {
        valid = false;
        print(`INVALID: ${described}`);
      }
    }

    const reads = appended.slice(0, -1).reduce((sum, n) => sum + n.total, 0);
    if (reads > 0) {
      valid = false;
      print(`INVALID: the read loads appended ${reads} events`);
    }
    const write = rows.at(-1)!.result;
    const writeEvents = appended.at(-1)!;
    // A write still in flight when the load stops gets no counted response
    // but may still append, so up to one extra event per connection is expected.
    print(
      `writes: ${write.ok} got 2xx responses, ${writeEvents.window} events appended in the measured window`,
    );
    if (writeEvents.window < write.ok) {
      valid = false;
      print("INVALID: fewer events appended than writes got 2xx responses");
    }
    const whole = write.perSecond.slice(0, Math.floor(write.duration));
    print(`writes per second, second by second: ${whole.join(" ")}`);
    print(
      `each app stream grew by about ${Math.round(writeEvents.total / fixture.apps.length)} events during the write load, warm-up included`,
    );

    const warnings = serverWarnings(server.logs);
    print(`server warnings and errors logged: ${warnings.length}`);
    for (const line of warnings.slice(0, 5)) print(`  ${line}`);
    print(`at the end, ${loadLine()}`);
    if (!valid) {
      print("RESULT: invalid run");
      return 1;
    }
    print("RESULT: valid run");
    return 0;
  } finally {
    clearTimeout(watchdog);
    await server?.dispose();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `Benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
