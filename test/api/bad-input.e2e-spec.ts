import { ControlPlaneServer } from "../support/control-plane-server.js";
import {
  expectOk,
  expectPlatformError,
  UUID,
  waitUntilAllocated,
} from "./api-helpers.js";

/**
 * Rejected requests: every write route rejects bad input with a 4xx
 * Platform API error and appends nothing to the log.
 */

const ADMIN = "admin@example.com";
const MEMBER = "member@example.com";
const OUTSIDER = "outsider@example.com";

const UNAUTHORIZED = {
  id: "unauthorized",
  message: "Invalid credentials provided.",
};
const NOT_AN_OBJECT = "The request body must be a JSON object.";
/** Just over the default BODY_LIMIT_BYTES of 102400. */
const OVERSIZED_BODY = JSON.stringify({ name: "a".repeat(101 * 1024) });

interface BadRequest {
  name: string;
  method: string;
  path: string;
  /** Serialized as JSON, except that a string is sent unchanged. */
  body?: unknown;
  headers?: Record<string, string>;
  status: number;
  id: string;
  message?: string | RegExp;
}

const BAD_APP_NAMES: Array<[string, string]> = [
  ["2 characters", "ab"],
  ["31 characters", `a${"b".repeat(30)}`],
  ["uppercase", "My-App"],
  ["leading digit", "1app"],
  ["trailing dash", "app-"],
  ["underscore", "my_app"],
  ["empty", ""],
];

function invalidName(name: string): RegExp {
  return new RegExp(`^Name ${JSON.stringify(name)} is invalid: use 3 to 30`);
}

function invalidSpaceName(name: string): RegExp {
  return new RegExp(
    `^The space name ${JSON.stringify(name)} is invalid: use 3 to 30`,
  );
}

/** Routes that take a JSON body, each with a body that would otherwise pass validation. */
const BODY_ROUTES: Array<{ method: string; path: string; valid: object }> = [
  {
    method: "POST",
    path: "/teams/apps",
    valid: { name: "app-new", team: "acme" },
  },
  { method: "PATCH", path: "/apps/app-main", valid: { name: "app-renamed" } },
  {
    method: "POST",
    path: "/teams/apps/app-main/collaborators",
    valid: { user: MEMBER, permissions: ["view"] },
  },
  {
    method: "PATCH",
    path: `/teams/apps/app-main/collaborators/${OUTSIDER}`,
    valid: { permissions: ["view", "deploy"] },
  },
  {
    method: "PUT",
    path: "/teams/acme/members",
    valid: { email: OUTSIDER, role: "member" },
  },
  {
    method: "PATCH",
    path: "/teams/acme/members",
    valid: { email: MEMBER, role: "viewer" },
  },
  { method: "POST", path: "/spaces", valid: { name: "sp-new", team: "acme" } },
  {
    method: "PATCH",
    path: `/spaces/sp-main/members/${MEMBER}`,
    valid: { permissions: [{ name: "create_apps" }] },
  },
];

function malformedBodies(): BadRequest[] {
  return BODY_ROUTES.flatMap(({ method, path, valid }) => {
    const route = `${method} ${path}`;
    return [
      {
        name: `${route}: unknown field`,
        method,
        path,
        body: { ...valid, unexpected: true },
        status: 422,
        id: "invalid_params",
        message: "Unknown field unexpected.",
      },
      {
        name: `${route}: malformed JSON`,
        method,
        path,
        body: JSON.stringify(valid).slice(0, -1),
        status: 400,
        id: "bad_request",
      },
      {
        name: `${route}: JSON array`,
        method,
        path,
        body: JSON.stringify([valid]),
        status: 422,
        id: "invalid_params",
        message: NOT_AN_OBJECT,
      },
      {
        name: `${route}: bare JSON string`,
        method,
        path,
        body: JSON.stringify("app-new"),
        status: 422,
        id: "invalid_params",
        message: NOT_AN_OBJECT,
      },
      {
        name: `${route}: text/plain`,
        method,
        path,
        body: JSON.stringify(valid),
        headers: { "content-type": "text/plain" },
        status: 415,
        id: "unsupported_media_type",
      },
      {
        name: `${route}: form-urlencoded`,
        method,
        path,
        // An unknown field keeps the body invalid even where forms are parsed.
        body: "unexpected=1",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        status: 415,
        id: "unsupported_media_type",
      },
      {
        name: `${route}: application/xml`,
        method,
        path,
        body: "<app/>",
        headers: { "content-type": "application/xml" },
        status: 415,
        id: "unsupported_media_type",
      },
      {
        name: `${route}: oversized`,
        method,
        path,
        body: OVERSIZED_BODY,
        status: 413,
        id: "request_entity_too_large",
      },
    ];
  });
}

const createApp: BadRequest[] = [
  ...BAD_APP_NAMES.map(([label, name]) => ({
    name: `POST /teams/apps: name ${label}`,
    method: "POST",
    path: "/teams/apps",
    body: { name, team: "acme" },
    status: 422,
    id: "invalid_params",
    message: invalidName(name),
  })),
  {
    name: "POST /teams/apps: number name",
    method: "POST",
    path: "/teams/apps",
    body: { name: 42, team: "acme" },
    status: 422,
    id: "invalid_params",
    message: /Name must be a string\./,
  },
  {
    name: "POST /teams/apps: object internal_routing",
    method: "POST",
    path: "/teams/apps",
    body: { name: "app-new", space: "sp-main", internal_routing: {} },
    status: 422,
    id: "invalid_params",
    message: "Internal_routing must be a boolean value.",
  },
  {
    name: "POST /teams/apps: string internal_routing",
    method: "POST",
    path: "/teams/apps",
    body: { name: "app-new", space: "sp-main", internal_routing: "true" },
    status: 422,
    id: "invalid_params",
    message: "Internal_routing must be a boolean value.",
  },
  {
    name: "POST /teams/apps: internal_routing outside a space",
    method: "POST",
    path: "/teams/apps",
    body: { name: "app-new", team: "acme", internal_routing: true },
    status: 422,
    id: "invalid_params",
    message: "internal_routing is only available for apps in a space.",
  },
  {
    name: "POST /teams/apps: neither team nor space",
    method: "POST",
    path: "/teams/apps",
    body: { name: "app-new" },
    status: 422,
    id: "invalid_params",
    message: "Either team or space is required to create an app.",
  },
  {
    name: "POST /teams/apps: number team",
    method: "POST",
    path: "/teams/apps",
    body: { name: "app-new", team: 7 },
    status: 422,
    id: "invalid_params",
    message: /Team must be a string\./,
  },
  {
    name: "POST /teams/apps: uppercase team",
    method: "POST",
    path: "/teams/apps",
    body: { name: "app-new", team: "ACME" },
    status: 404,
    id: "not_found",
    message: "Couldn't find that team.",
  },
  {
    name: "POST /teams/apps: unknown space",
    method: "POST",
    path: "/teams/apps",
    body: { name: "app-new", space: "Sp_Main" },
    status: 404,
    id: "not_found",
    message: "Couldn't find that space.",
  },
  {
    name: "POST /teams/apps: bad region",
    method: "POST",
    path: "/teams/apps",
    body: { name: "app-new", team: "acme", region: "mars" },
    status: 422,
    id: "invalid_params",
    message: /^Region "mars" is not available outside a space/,
  },
  {
    name: "POST /teams/apps: region other than the space's",
    method: "POST",
    path: "/teams/apps",
    body: { name: "app-new", space: "sp-main", region: "tokyo" },
    status: 422,
    id: "invalid_params",
    message: "Apps in space sp-main run in its region virginia, not tokyo.",
  },
  {
    name: "POST /teams/apps: bad stack",
    method: "POST",
    path: "/teams/apps",
    body: { name: "app-new", team: "acme", stack: "cedar-14" },
    status: 422,
    id: "invalid_params",
    message: 'Stack "cedar-14" is not available: use heroku-22 or heroku-24.',
  },
  {
    name: "POST /teams/apps: name taken",
    method: "POST",
    path: "/teams/apps",
    body: { name: "app-main", team: "acme" },
    status: 422,
    id: "invalid_params",
    message: "Name is already taken",
  },
];

const renameApp: BadRequest[] = [
  ...BAD_APP_NAMES.map(([label, name]) => ({
    name: `PATCH /apps/{app}: name ${label}`,
    method: "PATCH",
    path: "/apps/app-main",
    body: { name },
    status: 422,
    id: "invalid_params",
    message: invalidName(name),
  })),
  {
    name: "PATCH /apps/{app}: number name",
    method: "PATCH",
    path: "/apps/app-main",
    body: { name: 42 },
    status: 422,
    id: "invalid_params",
    message: /Name must be a string\./,
  },
  {
    name: "PATCH /apps/{app}: missing name",
    method: "PATCH",
    path: "/apps/app-main",
    body: {},
    status: 422,
    id: "invalid_params",
    message: /Name must be a string\./,
  },
  {
    name: "PATCH /apps/{app}: name taken",
    method: "PATCH",
    path: "/apps/app-main",
    body: { name: "app-spaced" },
    status: 422,
    id: "invalid_params",
    message: "Name is already taken",
  },
  {
    name: "PATCH /apps/{app}: unknown app",
    method: "PATCH",
    path: "/apps/no-such-app",
    body: { name: "app-renamed" },
    status: 404,
    id: "not_found",
    message: "Couldn't find that app.",
  },
];

const destroyApp: BadRequest[] = [
  {
    name: "DELETE /apps/{app}: unknown app",
    method: "DELETE",
    path: "/apps/no-such-app",
    status: 404,
    id: "not_found",
    message: "Couldn't find that app.",
  },
  {
    name: "DELETE /apps/{app}: invalid name",
    method: "DELETE",
    path: "/apps/App_Main",
    status: 404,
    id: "not_found",
    message: "Couldn't find that app.",
  },
];

const addCollaborator: BadRequest[] = [
  {
    name: "POST collaborators: missing user",
    method: "POST",
    path: "/teams/apps/app-main/collaborators",
    body: { permissions: ["view"] },
    status: 422,
    id: "invalid_params",
    message: /User must be a string\./,
  },
  {
    name: "POST collaborators: number user",
    method: "POST",
    path: "/teams/apps/app-main/collaborators",
    body: { user: 1, permissions: ["view"] },
    status: 422,
    id: "invalid_params",
    message: /User must be a string\./,
  },
  {
    name: "POST collaborators: string permissions",
    method: "POST",
    path: "/teams/apps/app-main/collaborators",
    body: { user: MEMBER, permissions: "view" },
    status: 422,
    id: "invalid_params",
    message: /Permissions must be an array\./,
  },
  {
    name: "POST collaborators: number in permissions",
    method: "POST",
    path: "/teams/apps/app-main/collaborators",
    body: { user: MEMBER, permissions: [1] },
    status: 422,
    id: "invalid_params",
    message: "Each value in permissions must be a string.",
  },
  {
    name: "POST collaborators: unknown permission",
    method: "POST",
    path: "/teams/apps/app-main/collaborators",
    body: { user: MEMBER, permissions: ["view", "fly"] },
    status: 422,
    id: "invalid_params",
    message: 'Unknown permission "fly": use deploy, manage, operate, view.',
  },
  {
    name: "POST collaborators: 11 permissions",
    method: "POST",
    path: "/teams/apps/app-main/collaborators",
    body: { user: MEMBER, permissions: Array(11).fill("view") },
    status: 422,
    id: "invalid_params",
    message: /Permissions must contain no more than 10 elements\./,
  },
  {
    name: "POST collaborators: string silent",
    method: "POST",
    path: "/teams/apps/app-main/collaborators",
    body: { user: MEMBER, permissions: ["view"], silent: "yes" },
    status: 422,
    id: "invalid_params",
    message: "Silent must be a boolean value.",
  },
  {
    name: "POST collaborators: bad email",
    method: "POST",
    path: "/teams/apps/app-main/collaborators",
    body: { user: "not an email", permissions: ["view"] },
    status: 404,
    id: "not_found",
    message: "Couldn't find that user.",
  },
  {
    name: "POST collaborators: unknown account",
    method: "POST",
    path: "/teams/apps/app-main/collaborators",
    body: { user: "ghost@example.com", permissions: ["view"] },
    status: 404,
    id: "not_found",
    message: "Couldn't find that user.",
  },
  {
    name: "POST collaborators: already a collaborator",
    method: "POST",
    path: "/teams/apps/app-main/collaborators",
    body: { user: OUTSIDER, permissions: ["view"] },
    status: 409,
    id: "conflict",
    message: /^outsider@example\.com is already a collaborator on app-main/,
  },
  {
    name: "POST collaborators: team admin",
    method: "POST",
    path: "/teams/apps/app-main/collaborators",
    body: { user: ADMIN, permissions: ["view"] },
    status: 422,
    id: "invalid_params",
    message: /^admin@example\.com is an admin of the team/,
  },
];

const updateCollaborator: BadRequest[] = [
  {
    name: "PATCH collaborators: missing permissions",
    method: "PATCH",
    path: `/teams/apps/app-main/collaborators/${OUTSIDER}`,
    body: {},
    status: 422,
    id: "invalid_params",
    message: /Permissions must be an array\./,
  },
  {
    name: "PATCH collaborators: string permissions",
    method: "PATCH",
    path: `/teams/apps/app-main/collaborators/${OUTSIDER}`,
    body: { permissions: "deploy" },
    status: 422,
    id: "invalid_params",
    message: /Permissions must be an array\./,
  },
  {
    name: "PATCH collaborators: unknown permission",
    method: "PATCH",
    path: `/teams/apps/app-main/collaborators/${OUTSIDER}`,
    body: { permissions: ["admin"] },
    status: 422,
    id: "invalid_params",
    message: 'Unknown permission "admin": use deploy, manage, operate, view.',
  },
  {
    name: "PATCH collaborators: bad email",
    method: "PATCH",
    path: "/teams/apps/app-main/collaborators/not-an-email",
    body: { permissions: ["view"] },
    status: 404,
    id: "not_found",
    message: "Couldn't find that user.",
  },
  {
    name: "PATCH collaborators: not a collaborator",
    method: "PATCH",
    path: `/teams/apps/app-main/collaborators/${MEMBER}`,
    body: { permissions: ["view"] },
    status: 404,
    id: "not_found",
    message: "member@example.com is not a collaborator on app-main.",
  },
];

const removeCollaborator: BadRequest[] = [
  {
    name: "DELETE collaborators: bad email",
    method: "DELETE",
    path: "/apps/app-main/collaborators/not-an-email",
    status: 404,
    id: "not_found",
    message: "Couldn't find that user.",
  },
  {
    name: "DELETE collaborators: not a collaborator",
    method: "DELETE",
    path: `/apps/app-main/collaborators/${MEMBER}`,
    status: 404,
    id: "not_found",
    message: "member@example.com is not a collaborator on app-main.",
  },
  {
    name: "DELETE collaborators: unknown app",
    method: "DELETE",
    path: `/apps/no-such-app/collaborators/${OUTSIDER}`,
    status: 404,
    id: "not_found",
    message: "Couldn't find that app.",
  },
];

const teamMembers: BadRequest[] = ["PUT", "PATCH"].flatMap((method) => [
  {
    name: `${method} /teams/{team}/members: missing email`,
    method,
    path: "/teams/acme/members",
    body: { role: "member" },
    status: 422,
    id: "invalid_params",
    message: /Email must be a string\./,
  },
  {
    name: `${method} /teams/{team}/members: missing role`,
    method,
    path: "/teams/acme/members",
    body: { email: MEMBER },
    status: 422,
    id: "invalid_params",
    message: /Role must be a string\./,
  },
  {
    name: `${method} /teams/{team}/members: unknown role`,
    method,
    path: "/teams/acme/members",
    body: { email: MEMBER, role: "owner" },
    status: 422,
    id: "invalid_params",
    message: 'Role "owner" is invalid: use admin, member or viewer.',
  },
  {
    name: `${method} /teams/{team}/members: number role`,
    method,
    path: "/teams/acme/members",
    body: { email: MEMBER, role: 1 },
    status: 422,
    id: "invalid_params",
    message: /Role must be a string\./,
  },
  {
    name: `${method} /teams/{team}/members: bad email`,
    method,
    path: "/teams/acme/members",
    body: { email: "not-an-email", role: "member" },
    status: 422,
    id: "invalid_params",
    message: 'Email "not-an-email" is not a valid email address.',
  },
  {
    name: `${method} /teams/{team}/members: string federated`,
    method,
    path: "/teams/acme/members",
    body: { email: MEMBER, role: "member", federated: "no" },
    status: 422,
    id: "invalid_params",
    message: "Federated must be a boolean value.",
  },
  {
    name: `${method} /teams/{team}/members: unknown account`,
    method,
    path: "/teams/acme/members",
    body: { email: "ghost@example.com", role: "member" },
    status: 404,
    id: "not_found",
    message: /^No account exists for ghost@example\.com/,
  },
  {
    name: `${method} /teams/{team}/members: unknown team`,
    method,
    path: "/teams/Acme/members",
    body: { email: MEMBER, role: "member" },
    status: 404,
    id: "not_found",
    message: "Couldn't find that team.",
  },
  {
    name: `${method} /teams/{team}/members: demote the last admin`,
    method,
    path: "/teams/acme/members",
    body: { email: ADMIN, role: "member" },
    status: 422,
    id: "invalid_params",
    message: "Team acme must keep at least one admin: add another admin first.",
  },
]);

const removeTeamMember: BadRequest[] = [
  {
    name: "DELETE /teams/{team}/members: bad email",
    method: "DELETE",
    path: "/teams/acme/members/not-an-email",
    status: 404,
    id: "not_found",
    message: "not-an-email is not a member of acme.",
  },
  {
    name: "DELETE /teams/{team}/members: not a member",
    method: "DELETE",
    path: `/teams/acme/members/${OUTSIDER}`,
    status: 404,
    id: "not_found",
    message: "outsider@example.com is not a member of acme.",
  },
  {
    name: "DELETE /teams/{team}/members: last admin",
    method: "DELETE",
    path: `/teams/acme/members/${ADMIN}`,
    status: 422,
    id: "invalid_params",
    message: "Team acme must keep at least one admin: add another admin first.",
  },
];

const createSpace: BadRequest[] = [
  ...BAD_APP_NAMES.map(([label, name]) => ({
    name: `POST /spaces: name ${label}`,
    method: "POST",
    path: "/spaces",
    body: { name, team: "acme" },
    status: 422,
    id: "invalid_params",
    message: invalidSpaceName(name),
  })),
  {
    name: "POST /spaces: number name",
    method: "POST",
    path: "/spaces",
    body: { name: 42, team: "acme" },
    status: 422,
    id: "invalid_params",
    message: /Name must be a string\./,
  },
  {
    name: "POST /spaces: missing name",
    method: "POST",
    path: "/spaces",
    body: { team: "acme" },
    status: 422,
    id: "invalid_params",
    message: /Name must be a string\./,
  },
  {
    name: "POST /spaces: missing team",
    method: "POST",
    path: "/spaces",
    body: { name: "sp-new" },
    status: 422,
    id: "invalid_params",
    message: /Team must be a string\./,
  },
  {
    name: "POST /spaces: uppercase team",
    method: "POST",
    path: "/spaces",
    body: { name: "sp-new", team: "Acme" },
    status: 404,
    id: "not_found",
    message: "Couldn't find that team.",
  },
  {
    name: "POST /spaces: bad region",
    method: "POST",
    path: "/spaces",
    body: { name: "sp-region", team: "acme", region: "mars" },
    status: 422,
    id: "invalid_params",
    message: /^Region "mars" is not available for spaces/,
  },
  {
    name: "POST /spaces: public cidr",
    method: "POST",
    path: "/spaces",
    body: { name: "sp-cidr", team: "acme", cidr: "8.8.0.0/16" },
    status: 422,
    id: "invalid_params",
    message: /^cidr "8\.8\.0\.0\/16" is invalid/,
  },
  {
    name: "POST /spaces: cidr prefix /8",
    method: "POST",
    path: "/spaces",
    body: { name: "sp-prefix", team: "acme", cidr: "10.0.0.0/8" },
    status: 422,
    id: "invalid_params",
    message: /^cidr "10\.0\.0\.0\/8" is invalid/,
  },
  {
    name: "POST /spaces: data_cidr not a CIDR",
    method: "POST",
    path: "/spaces",
    body: { name: "sp-data", team: "acme", data_cidr: "172.16.0.0" },
    status: 422,
    id: "invalid_params",
    message: /^data_cidr "172\.16\.0\.0" is invalid/,
  },
  {
    name: "POST /spaces: cidr over 18 characters",
    method: "POST",
    path: "/spaces",
    body: { name: "sp-long", team: "acme", cidr: "10.100.100.100/16xx" },
    status: 422,
    id: "invalid_params",
    message: /Cidr must be shorter than or equal to 18 characters\./,
  },
  {
    name: "POST /spaces: unknown generation",
    method: "POST",
    path: "/spaces",
    body: { name: "sp-new", team: "acme", generation: "ice" },
    status: 422,
    id: "invalid_params",
    message: "Generation must be one of the following values: cedar, fir.",
  },
  {
    name: "POST /spaces: shield on fir",
    method: "POST",
    path: "/spaces",
    body: { name: "sp-fir", team: "acme", generation: "fir", shield: true },
    status: 422,
    id: "invalid_params",
    message: "Shield spaces are not available for the fir generation.",
  },
  {
    name: "POST /spaces: string shield",
    method: "POST",
    path: "/spaces",
    body: { name: "sp-new", team: "acme", shield: "true" },
    status: 422,
    id: "invalid_params",
    message: "Shield must be a boolean value.",
  },
  {
    name: "POST /spaces: features",
    method: "POST",
    path: "/spaces",
    body: { name: "sp-new", team: "acme", features: ["spaces-strict-tls"] },
    status: 422,
    id: "invalid_params",
    message: "Space features are not supported: remove spaces-strict-tls.",
  },
  {
    name: "POST /spaces: string features",
    method: "POST",
    path: "/spaces",
    body: { name: "sp-new", team: "acme", features: "x" },
    status: 422,
    id: "invalid_params",
    message: /Features must be an array\./,
  },
  {
    name: "POST /spaces: name taken",
    method: "POST",
    path: "/spaces",
    body: { name: "sp-main", team: "acme" },
    status: 422,
    id: "invalid_params",
    message: "The space name sp-main is already taken.",
  },
];

const destroySpace: BadRequest[] = [
  {
    name: "DELETE /spaces/{space}: unknown space",
    method: "DELETE",
    path: "/spaces/no-such-space",
    status: 404,
    id: "not_found",
    message: "Couldn't find that space.",
  },
  {
    name: "DELETE /spaces/{space}: space with an app",
    method: "DELETE",
    path: "/spaces/sp-main",
    status: 409,
    id: "conflict",
    message: "Space sp-main still has 1 app(s): destroy them before the space.",
  },
];

const spaceAccess: BadRequest[] = [
  {
    name: "PATCH space members: missing permissions",
    method: "PATCH",
    path: `/spaces/sp-main/members/${MEMBER}`,
    body: {},
    status: 422,
    id: "invalid_params",
    message: /Permissions must be an array\./,
  },
  {
    name: "PATCH space members: strings for permissions",
    method: "PATCH",
    path: `/spaces/sp-main/members/${MEMBER}`,
    body: { permissions: ["create_apps"] },
    status: 422,
    id: "invalid_params",
    message:
      "Each value in nested property permissions must be either object or array.",
  },
  {
    name: "PATCH space members: unknown permission",
    method: "PATCH",
    path: `/spaces/sp-main/members/${MEMBER}`,
    body: { permissions: [{ name: "destroy_apps" }] },
    status: 422,
    id: "invalid_params",
    message: 'Unknown space permission "destroy_apps": use create_apps.',
  },
  {
    name: "PATCH space members: permission without name",
    method: "PATCH",
    path: `/spaces/sp-main/members/${MEMBER}`,
    body: { permissions: [{}] },
    status: 422,
    id: "invalid_params",
    message: /Name must be a string\./,
  },
  {
    name: "PATCH space members: unknown nested field",
    method: "PATCH",
    path: `/spaces/sp-main/members/${MEMBER}`,
    body: { permissions: [{ name: "create_apps", scope: "all" }] },
    status: 422,
    id: "invalid_params",
    message: "Unknown field permissions.0.scope.",
  },
  {
    name: "PATCH space members: bad email",
    method: "PATCH",
    path: "/spaces/sp-main/members/not-an-email",
    body: { permissions: [{ name: "create_apps" }] },
    status: 404,
    id: "not_found",
    message: "Couldn't find that user.",
  },
  {
    name: "PATCH space members: not a team member",
    method: "PATCH",
    path: `/spaces/sp-main/members/${OUTSIDER}`,
    body: { permissions: [{ name: "create_apps" }] },
    status: 404,
    id: "not_found",
    message: "outsider@example.com is not a member of the space's team.",
  },
  {
    name: "PATCH space members: unknown space",
    method: "PATCH",
    path: `/spaces/no-such-space/members/${MEMBER}`,
    body: { permissions: [{ name: "create_apps" }] },
    status: 404,
    id: "not_found",
    message: "Couldn't find that space.",
  },
];

const BAD_REQUESTS: BadRequest[] = [
  ...malformedBodies(),
  ...createApp,
  ...renameApp,
  ...destroyApp,
  ...addCollaborator,
  ...updateCollaborator,
  ...removeCollaborator,
  ...teamMembers,
  ...removeTeamMember,
  ...createSpace,
  ...destroySpace,
  ...spaceAccess,
];

/** Every write route, for the authentication cases. */
const WRITE_ROUTES: Array<{ method: string; path: string; body?: object }> = [
  ...BODY_ROUTES.map(({ method, path, valid }) => ({
    method,
    path,
    body: valid,
  })),
  { method: "DELETE", path: "/apps/app-main" },
  { method: "DELETE", path: `/apps/app-main/collaborators/${OUTSIDER}` },
  { method: "DELETE", path: `/teams/acme/members/${MEMBER}` },
  { method: "DELETE", path: "/spaces/sp-main" },
];

describe("bad input", () => {
  let server: ControlPlaneServer;
  let adminToken: string;

  beforeAll(async () => {
    server = await ControlPlaneServer.start();
    adminToken = await server.createAccount(ADMIN);
    await server.createAccount(MEMBER);
    await server.createAccount(OUTSIDER);
    await server.admin("teams:create", "acme", "--admin", ADMIN);
    const setUp: Array<[string, string, object]> = [
      ["PUT", "/teams/acme/members", { email: MEMBER, role: "member" }],
      ["POST", "/spaces", { name: "sp-main", team: "acme" }],
      ["POST", "/teams/apps", { name: "app-main", team: "acme" }],
      ["POST", "/teams/apps", { name: "app-spaced", space: "sp-main" }],
      [
        "POST",
        "/teams/apps/app-main/collaborators",
        { user: OUTSIDER, permissions: ["view"] },
      ],
    ];
    for (const [method, path, body] of setUp) {
      const response = await server.request(method, path, adminToken, body);
      await expectOk(response, method === "POST" ? 201 : 200);
    }
    await waitUntilAllocated(server, adminToken, "sp-main");
    // The space app's default-domain certificate is issued in the background.
    await server.settledHeadPosition();
  }, 60_000);

  afterAll(async () => {
    await server?.dispose();
  });

  async function expectRejected(
    request: () => Promise<Response>,
    status: number,
    id: string,
    message?: string | RegExp,
  ): Promise<void> {
    const head = await server.headPosition();
    await expectPlatformError(await request(), status, id, message);
    expect(await server.headPosition()).toBe(head);
  }

  it.each(BAD_REQUESTS)("$name", async (bad) => {
    await expectRejected(
      () =>
        server.request(bad.method, bad.path, adminToken, bad.body, bad.headers),
      bad.status,
      bad.id,
      bad.message,
    );
  });

  it("POST /teams/apps: form body creates nothing", async () => {
    await expectRejected(
      () =>
        server.request(
          "POST",
          "/teams/apps",
          adminToken,
          "name=app-form&team=acme",
          { "content-type": "application/x-www-form-urlencoded" },
        ),
      415,
      "unsupported_media_type",
    );
  });

  it("POST /spaces: rejected name stays free", async () => {
    const rejected = await server.request("POST", "/spaces", adminToken, {
      name: "sp-retry",
      team: "acme",
      cidr: "8.8.0.0/16",
    });
    await expectPlatformError(rejected, 422, "invalid_params");
    const created = await expectOk(
      await server.request("POST", "/spaces", adminToken, {
        name: "sp-retry",
        team: "acme",
      }),
      201,
    );
    expect(created.name).toBe("sp-retry");
    await waitUntilAllocated(server, adminToken, "sp-retry");
  });

  describe("authentication", () => {
    it.each(WRITE_ROUTES)("$method $path: no token", async (route) => {
      await expectRejected(
        () => server.request(route.method, route.path, null, route.body),
        401,
        UNAUTHORIZED.id,
        UNAUTHORIZED.message,
      );
    });

    it.each(WRITE_ROUTES)("$method $path: unknown token", async (route) => {
      await expectRejected(
        () =>
          server.request(
            route.method,
            route.path,
            "scp_unknown0000000000000000000000000000000000",
            route.body,
          ),
        401,
        UNAUTHORIZED.id,
        UNAUTHORIZED.message,
      );
    });

    it.each([
      ["empty bearer", "Bearer "],
      ["basic scheme", "Basic YWRtaW5AZXhhbXBsZS5jb206c2VjcmV0"],
      ["two tokens", "Bearer one two"],
    ])("GET /account: %s", async (_label, authorization) => {
      const response = await server.request(
        "GET",
        "/account",
        null,
        undefined,
        {
          authorization,
        },
      );
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual(UNAUTHORIZED);
      expect(response.headers.get("request-id")).toMatch(UUID);
    });
  });

  describe("routing", () => {
    it("unknown route: 404 JSON", async () => {
      await expectRejected(
        () => server.request("GET", "/no-such-route", adminToken),
        404,
        "not_found",
        "The requested API endpoint was not found: GET /no-such-route. Check the HTTP method and path.",
      );
    });

    it("unknown route without a token: 404 JSON", async () => {
      await expectRejected(
        () => server.request("POST", "/no-such-route", null, { name: "x" }),
        404,
        "not_found",
      );
    });

    it("unknown method on a route: 404 JSON", async () => {
      await expectRejected(
        () =>
          server.request("PUT", "/apps/app-main", adminToken, {
            name: "app-put",
          }),
        404,
        "not_found",
        "The requested API endpoint was not found: PUT /apps/app-main. Check the HTTP method and path.",
      );
    });
  });

  describe("Request-Id", () => {
    it("echoes the first id of the list", async () => {
      const response = await server.request(
        "GET",
        "/account",
        adminToken,
        undefined,
        { "request-id": "client-id-1, proxy-id-2" },
      );
      expect(response.status).toBe(200);
      expect(response.headers.get("request-id")).toBe("client-id-1");
    });

    it("echoes the id on an error", async () => {
      const response = await server.request(
        "POST",
        "/teams/apps",
        adminToken,
        { name: "Bad_Name", team: "acme" },
        { "request-id": "client-id-3" },
      );
      expect(response.status).toBe(422);
      expect(response.headers.get("request-id")).toBe("client-id-3");
    });

    it("echoes the id on a 401", async () => {
      const response = await server.request(
        "GET",
        "/account",
        null,
        undefined,
        {
          "request-id": "client-id-4",
        },
      );
      expect(response.status).toBe(401);
      expect(response.headers.get("request-id")).toBe("client-id-4");
    });

    it("echoes the id on a body parse error", async () => {
      const response = await server.request(
        "POST",
        "/teams/apps",
        adminToken,
        "{",
        { "request-id": "client-id-5" },
      );
      expect(response.status).toBe(400);
      expect(response.headers.get("request-id")).toBe("client-id-5");
    });

    it("generates a UUID when none is sent", async () => {
      const response = await server.request("GET", "/account", adminToken);
      expect(response.headers.get("request-id")).toMatch(UUID);
    });

    it("replaces an id with forbidden characters", async () => {
      const response = await server.request(
        "GET",
        "/account",
        adminToken,
        undefined,
        { "request-id": "id with spaces" },
      );
      expect(response.headers.get("request-id")).toMatch(UUID);
    });
  });
});
