import { execFile } from "node:child_process";
import { resolve } from "node:path";
import { promisify } from "node:util";
import {
  type ControlPlaneServer,
  eventStoreEnv,
} from "../support/control-plane-server.js";
import { waitFor } from "../support/wait-for.js";

export type Json = Record<string, unknown>;

export const UUID =
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Reads a JSON body, failing with the raw text when it is not JSON. */
export async function readJson<T = Json>(response: Response): Promise<T> {
  const text = await response.text();
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(
      `Expected a JSON body from ${response.url} (${response.status}), got: ${text}`,
    );
  }
}

/** Expects a 2xx response and returns its JSON body. */
export async function expectOk<T = Json>(
  response: Response,
  status = 200,
): Promise<T> {
  const body = await readJson<T>(response);
  if (response.status !== status) {
    throw new Error(
      `Expected ${status} from ${response.url}, got ${response.status}: ${JSON.stringify(body)}`,
    );
  }
  return body;
}

/**
 * Expects a Platform API error: the status, a JSON content type, a string
 * `id` and `message`, and a Request-Id header. Returns the body.
 */
export async function expectPlatformError(
  response: Response,
  status: number,
  id: string,
  message?: string | RegExp,
): Promise<Json> {
  const text = await response.text();
  if (response.status !== status) {
    throw new Error(
      `Expected ${status} ${id} from ${response.url}, got ${response.status}: ${text}`,
    );
  }
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  expect(response.headers.get("request-id")).toBeTruthy();
  const body = JSON.parse(text) as Json;
  expect(typeof body.id).toBe("string");
  expect(typeof body.message).toBe("string");
  expect(body.id).toBe(id);
  if (typeof message === "string") expect(body.message).toBe(message);
  else if (message) expect(body.message).toMatch(message);
  return body;
}

/** Polls until the space reports `allocated`, so the allocation saga appends nothing more. */
export async function waitUntilAllocated(
  server: ControlPlaneServer,
  token: string,
  space: string,
): Promise<void> {
  await waitFor(
    async () => {
      const response = await server.request("GET", `/spaces/${space}`, token);
      return (await readJson(response)).state === "allocated";
    },
    { description: `space ${space} to be allocated` },
  );
}

const execFileAsync = promisify(execFile);
/** The compiled operator CLI, next to this file under dist/. */
const ADMIN_MAIN = resolve(import.meta.dirname, "../../apps/admin/src/main.js");

/**
 * Runs the operator CLI on `dataDir` with DATA_DIR and the data folder's
 * event store as its only settings, for servers started with settings the
 * CLI must not inherit.
 */
export async function runOperatorCli(
  dataDir: string,
  ...args: string[]
): Promise<string> {
  const { stdout } = await execFileAsync(
    process.execPath,
    [ADMIN_MAIN, ...args],
    {
      env: {
        PATH: process.env.PATH ?? "",
        DATA_DIR: dataDir,
        ...eventStoreEnv(dataDir),
      },
      timeout: 30_000,
    },
  );
  return stdout;
}

/** Returns the last line the operator CLI printed, which is the token for `accounts:create` and `tokens:create`. */
export function lastLine(output: string): string {
  return output.trim().split("\n").at(-1) ?? "";
}
