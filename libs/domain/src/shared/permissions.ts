import { invalid } from "./domain-error.js";

/** Per-app permissions, in the order the Platform API lists them. */
export const APP_PERMISSIONS = ["deploy", "manage", "operate", "view"] as const;
export type AppPermission = (typeof APP_PERMISSIONS)[number];

export const TEAM_ROLES = ["admin", "member", "viewer"] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

export const SPACE_PERMISSIONS = ["create_apps"] as const;
export type SpacePermission = (typeof SPACE_PERMISSIONS)[number];

export function isAppPermission(value: string): value is AppPermission {
  return (APP_PERMISSIONS as readonly string[]).includes(value);
}

/**
 * Validates a requested permission set, adds `view` (every other
 * permission implies it) and returns it sorted without duplicates.
 */
export function normalizeAppPermissions(
  requested: readonly string[],
): AppPermission[] {
  const unknown = requested.filter((name) => !isAppPermission(name));
  if (unknown.length > 0) {
    throw invalid(
      `Unknown permission ${unknown.map((name) => JSON.stringify(name)).join(", ")}: use ${APP_PERMISSIONS.join(", ")}.`,
    );
  }
  const set = new Set<AppPermission>(requested as AppPermission[]);
  set.add("view");
  return APP_PERMISSIONS.filter((name) => set.has(name));
}

export function isTeamRole(value: string): value is TeamRole {
  return (TEAM_ROLES as readonly string[]).includes(value);
}

export function checkTeamRole(role: string): TeamRole {
  if (!isTeamRole(role)) {
    throw invalid(
      `Role ${JSON.stringify(role)} is invalid: use admin, member or viewer.`,
    );
  }
  return role;
}

export function normalizeSpacePermissions(
  requested: readonly string[],
): SpacePermission[] {
  const unknown = requested.filter(
    (name) => !(SPACE_PERMISSIONS as readonly string[]).includes(name),
  );
  if (unknown.length > 0) {
    throw invalid(
      `Unknown space permission ${unknown.map((name) => JSON.stringify(name)).join(", ")}: use ${SPACE_PERMISSIONS.join(", ")}.`,
    );
  }
  return SPACE_PERMISSIONS.filter((name) => requested.includes(name));
}
