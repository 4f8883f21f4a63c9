import type { ControlPlaneServer } from "../support/control-plane-server.js";
import {
  expectOk,
  expectPlatformError,
  waitUntilAllocated,
} from "./api-helpers.js";

/**
 * A team with members, a space, apps (one renamed, one destroyed) and
 * collaborators, built through the API, and the GET responses that show it.
 * Durability tests compare those responses before and after a restart or a
 * rebuild of the read models.
 */

export const ADMIN = "admin@example.com";
export const MEMBER = "member@example.com";
export const VIEWER = "viewer@example.com";
export const OUTSIDER = "outsider@example.com";
export const LEAVER = "leaver@example.com";

export interface Tokens {
  admin: string;
  member: string;
  viewer: string;
  outsider: string;
  leaver: string;
}

/** GET requests whose responses must survive a restart, each with the account that sends it. */
export const SNAPSHOT_REQUESTS: Array<[keyof Tokens, string]> = [
  ["admin", "/account"],
  ["admin", "/teams"],
  ["admin", "/teams/acme"],
  ["admin", "/teams/acme/members"],
  ["admin", "/teams/acme/features"],
  ["admin", "/teams/acme/apps"],
  ["admin", "/apps"],
  ["admin", "/apps/app-web"],
  ["admin", "/apps/app-worker"],
  ["admin", "/apps/app-renamed"],
  ["admin", "/apps/app-web/collaborators"],
  ["admin", "/apps/app-worker/collaborators"],
  ["admin", "/apps/app-renamed/collaborators"],
  ["admin", "/spaces"],
  ["admin", "/spaces/sp-main"],
  ["admin", "/spaces/sp-main/nat"],
  ["admin", "/spaces/sp-main/members"],
  ["admin", `/spaces/sp-main/members/${MEMBER}`],
  ["member", "/users/~/apps"],
  ["member", "/teams"],
  ["viewer", "/teams/acme/apps"],
  ["outsider", "/apps"],
  ["outsider", "/apps/app-web"],
  ["leaver", "/apps"],
  ["leaver", "/teams"],
];

/** Requests that must still fail the same way after a restart. */
export const REJECTED_REQUESTS: Array<[keyof Tokens, string, number]> = [
  ["outsider", "/apps/app-worker", 404],
  ["outsider", "/teams/acme", 404],
  ["admin", "/apps/app-gone", 404],
  ["admin", "/apps/app-before", 404],
  ["leaver", "/apps/app-worker", 404],
  ["leaver", "/spaces/sp-main", 404],
];

export async function buildState(server: ControlPlaneServer): Promise<Tokens> {
  const tokens: Tokens = {
    admin: await server.createAccount(ADMIN),
    member: await server.createAccount(MEMBER),
    viewer: await server.createAccount(VIEWER),
    outsider: await server.createAccount(OUTSIDER),
    leaver: await server.createAccount(LEAVER),
  };
  await server.admin("teams:create", "acme", "--admin", ADMIN);

  const steps: Array<[keyof Tokens, string, string, object?]> = [
    ["admin", "PUT", "/teams/acme/members", { email: MEMBER, role: "member" }],
    ["admin", "PUT", "/teams/acme/members", { email: VIEWER, role: "member" }],
    [
      "admin",
      "PATCH",
      "/teams/acme/members",
      { email: VIEWER, role: "viewer" },
    ],
    [
      "admin",
      "POST",
      "/spaces",
      { name: "sp-main", team: "acme", region: "frankfurt", shield: true },
    ],
    [
      "admin",
      "PATCH",
      `/spaces/sp-main/members/${MEMBER}`,
      { permissions: [{ name: "create_apps" }] },
    ],
    [
      "member",
      "POST",
      "/teams/apps",
      { name: "app-web", space: "sp-main", internal_routing: true },
    ],
    [
      "admin",
      "POST",
      "/teams/apps",
      { name: "app-worker", team: "acme", region: "eu", stack: "heroku-22" },
    ],
    ["admin", "POST", "/teams/apps", { name: "app-before", team: "acme" }],
    ["admin", "PATCH", "/apps/app-before", { name: "app-renamed" }],
    ["admin", "POST", "/teams/apps", { name: "app-gone", team: "acme" }],
    ["admin", "DELETE", "/apps/app-gone"],
    [
      "member",
      "POST",
      "/teams/apps/app-web/collaborators",
      { user: OUTSIDER, permissions: ["deploy"] },
    ],
    [
      "admin",
      "PATCH",
      `/teams/apps/app-web/collaborators/${OUTSIDER}`,
      { permissions: ["deploy", "operate"] },
    ],
    [
      "admin",
      "POST",
      "/teams/apps/app-worker/collaborators",
      { user: VIEWER, permissions: ["view"] },
    ],
    [
      "admin",
      "POST",
      "/teams/apps/app-worker/collaborators",
      { user: OUTSIDER, permissions: ["manage"] },
    ],
    ["admin", "DELETE", `/apps/app-worker/collaborators/${OUTSIDER}`],
    ["admin", "PUT", "/teams/acme/members", { email: LEAVER, role: "member" }],
    [
      "admin",
      "PATCH",
      `/spaces/sp-main/members/${LEAVER}`,
      { permissions: [{ name: "create_apps" }] },
    ],
    [
      "admin",
      "POST",
      "/teams/apps/app-worker/collaborators",
      { user: LEAVER, permissions: ["deploy"] },
    ],
    ["admin", "DELETE", `/teams/acme/members/${LEAVER}`],
  ];
  for (const [who, method, path, body] of steps) {
    const response = await server.request(method, path, tokens[who], body);
    const expected = method === "POST" ? 201 : 200;
    if (response.status !== expected) {
      throw new Error(
        `${method} ${path} answered ${response.status}: ${await response.text()}`,
      );
    }
  }
  await waitUntilAllocated(server, tokens.admin, "sp-main");
  return tokens;
}

export async function snapshot(
  server: ControlPlaneServer,
  tokens: Tokens,
): Promise<Record<string, unknown>> {
  const responses: Record<string, unknown> = {};
  for (const [who, path] of SNAPSHOT_REQUESTS) {
    const response = await server.request("GET", path, tokens[who]);
    responses[`${who} GET ${path}`] = await expectOk(response);
  }
  for (const [who, path, status] of REJECTED_REQUESTS) {
    const response = await server.request("GET", path, tokens[who]);
    responses[`${who} GET ${path}`] = await expectPlatformError(
      response,
      status,
      "not_found",
    );
  }
  return responses;
}
