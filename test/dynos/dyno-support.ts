import { join } from "node:path";
import { SimulatedComputeDriver } from "../../libs/compute/src/index.js";
import type {
  EventStore,
  RecordedEvent,
} from "../../libs/event-store/src/index.js";
import { apiRequest } from "../e2e/cli-output.js";
import {
  type ControlPlaneServer,
  openEventStore,
} from "../support/control-plane-server.js";
import { waitFor } from "../support/wait-for.js";

export const ADMIN = "admin@example.com";
export const TEAM = "my-team";
export const SPACE = "my-space";
export const APP = "my-app";

/** A dyno as `GET /apps/{app}/dynos` returns it. */
export interface DynoJson {
  id: string;
  name: string;
  type: string;
  command: string;
  size: string;
  state: string;
  updated_at: string;
}

/** Returns the server settings shared by every dyno test, with `env` overriding them. */
export function dynoEnv(
  env: Record<string, string> = {},
): Record<string, string> {
  return {
    RENDEZVOUS_PORT: "0",
    DYNO_PROVISION_DELAY_MS: "0",
    SCHEDULER_POLL_MS: "20",
    ...env,
  };
}

/** Creates a space of `team` and waits until it is allocated. */
export async function createSpace(
  server: ControlPlaneServer,
  token: string,
  space: string,
  generation: "cedar" | "fir" = "cedar",
): Promise<void> {
  await apiRequest(server, token, "POST", "/spaces", 201, {
    name: space,
    team: TEAM,
    region: "tokyo",
    generation,
  });
  await waitFor(
    async () => {
      const body = (await apiRequest(
        server,
        token,
        "GET",
        `/spaces/${space}`,
        200,
      )) as { state: string };
      return body.state === "allocated";
    },
    { description: `${space} to become allocated`, timeoutMs: 30_000 },
  );
}

/**
 * Creates the admin account, my-team, my-space and my-app in it. Returns the
 * admin's token and the app's id.
 */
export async function createSpaceApp(
  server: ControlPlaneServer,
): Promise<{ token: string; appId: string }> {
  const token = await server.createAccount(ADMIN);
  await server.admin("teams:create", TEAM, "--admin", ADMIN);
  await createSpace(server, token, SPACE);
  const app = (await apiRequest(server, token, "POST", "/teams/apps", 201, {
    name: APP,
    space: SPACE,
  })) as { id: string };
  return { token, appId: app.id };
}

/** Sets the quantity of each process type through the API. */
export async function scale(
  server: ControlPlaneServer,
  token: string,
  quantities: Record<string, number>,
): Promise<void> {
  const updates = Object.entries(quantities).map(([type, quantity]) => ({
    type,
    quantity: String(quantity),
  }));
  await apiRequest(server, token, "PATCH", `/apps/${APP}/formation`, 200, {
    updates,
  });
}

/** Lists the dynos of my-app that are not down, ordered by name. */
export async function listDynos(
  server: ControlPlaneServer,
  token: string,
): Promise<DynoJson[]> {
  return (await apiRequest(
    server,
    token,
    "GET",
    `/apps/${APP}/dynos`,
    200,
  )) as DynoJson[];
}

/** Lists `name: state` of every dyno of my-app that is not down, in name order. */
export async function dynoStates(
  server: ControlPlaneServer,
  token: string,
): Promise<string[]> {
  const dynos = await listDynos(server, token);
  return dynos.map((dyno) => `${dyno.name}: ${dyno.state}`);
}

/**
 * Polls `GET /apps/my-app/dynos` until it lists exactly `expected`
 * (`name: state`, in name order), each name once.
 */
export async function waitForDynos(
  server: ControlPlaneServer,
  token: string,
  expected: Record<string, string>,
  timeoutMs = 15_000,
): Promise<void> {
  const expectedLines = Object.entries(expected).map(
    ([name, state]) => `${name}: ${state}`,
  );
  let last: string[] = [];
  await waitFor(
    async () => {
      last = await dynoStates(server, token);
      return JSON.stringify(last) === JSON.stringify(expectedLines);
    },
    {
      description: `dynos [${expectedLines.join(", ")}]`,
      timeoutMs,
      intervalMs: 50,
    },
  ).catch((error: Error) => {
    throw new Error(`${error.message}; last seen [${last.join(", ")}]`);
  });
}

/** Builds the expected states of `type.1` to `type.n`, each in `state`. */
export function named(
  type: string,
  count: number,
  state: string,
): Record<string, string> {
  return Object.fromEntries(
    Array.from({ length: count }, (_, index) => [
      `${type}.${index + 1}`,
      state,
    ]),
  );
}

/**
 * The server's event log, opened read-side: its SQLite file, which is safe
 * to read while the server writes as it is in WAL mode, or its KurrentDB
 * test server.
 */
export class EventLog {
  private readonly store: EventStore;

  constructor(dataDir: string) {
    this.store = openEventStore(dataDir);
  }

  /** Returns the events of one type of every stream, in log order. */
  async eventsOfType(type: string): Promise<RecordedEvent[]> {
    return (await this.store.readAll()).filter((event) => event.type === type);
  }

  /** Returns the events of every dyno stream, in log order. */
  async dynoEvents(): Promise<RecordedEvent[]> {
    const events = await this.store.readAll();
    return events.filter((event) => event.streamId.startsWith("dyno-"));
  }

  /** Returns the events of one type of every dyno stream, in log order. */
  async dynoEventsOfType(type: string): Promise<RecordedEvent[]> {
    return (await this.dynoEvents()).filter((event) => event.type === type);
  }

  /** Returns the dyno ids of each name, from their DynoProvisioningRequested events. */
  async requestedIds(): Promise<Map<string, string[]>> {
    const ids = new Map<string, string[]>();
    for (const event of await this.dynoEventsOfType(
      "DynoProvisioningRequested",
    )) {
      const name = String(event.data.name);
      ids.set(name, [...(ids.get(name) ?? []), String(event.data.dynoId)]);
    }
    return ids;
  }

  /** Counts the `type` events of each dyno id. */
  async countPerDyno(type: string): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    for (const event of await this.dynoEventsOfType(type)) {
      const dynoId = String(event.data.dynoId);
      counts.set(dynoId, (counts.get(dynoId) ?? 0) + 1);
    }
    return counts;
  }

  close(): Promise<void> {
    return this.store.close();
  }
}

/** Opens the simulated compute driver's state file read-side. */
export function openDriver(dataDir: string): SimulatedComputeDriver {
  return new SimulatedComputeDriver(join(dataDir, "simulated-compute.sqlite"));
}

/** Checks whether the server responds to `/health` with a 2xx status. */
export async function isAlive(server: ControlPlaneServer): Promise<boolean> {
  try {
    return (await fetch(`${server.url}/health`)).ok;
  } catch {
    return false;
  }
}
