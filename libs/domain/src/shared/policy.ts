import { DomainError, forbidden, notFound } from "./domain-error.js";
import {
  APP_PERMISSIONS,
  type AppPermission,
  type SpacePermission,
  type TeamRole,
} from "./permissions.js";

/**
 * Facts the permission read model records about one account and one app,
 * gathered by the caller so that these rules stay pure.
 */
export interface AppAccessFacts {
  appName: string;
  /** Role of the account in the app's team, or null when it is not a member. */
  teamRole: TeamRole | null;
  /** Permissions granted to the account on the app. */
  granted: readonly AppPermission[];
}

/**
 * Team admins hold all four permissions on every team app; viewers hold at
 * most view, even when grants from an earlier role remain; everyone else
 * holds what was granted.
 */
export function effectiveAppPermissions(
  facts: AppAccessFacts,
): AppPermission[] {
  if (facts.teamRole === "admin") return [...APP_PERMISSIONS];
  const granted = APP_PERMISSIONS.filter((name) =>
    facts.granted.includes(name),
  );
  if (facts.teamRole === "viewer")
    return granted.filter((name) => name === "view");
  return granted;
}

/** Team members see every app of their team in lists; collaborators see the apps they hold permissions on. */
export function canSeeApp(facts: AppAccessFacts): boolean {
  return facts.teamRole !== null || facts.granted.length > 0;
}

/**
 * Rejects the action unless the account has `needed` on the app. An
 * account that cannot even see the app gets "not found", so that the names
 * of other teams' apps do not leak.
 */
export function requireAppPermission(
  facts: AppAccessFacts,
  needed: AppPermission,
): void {
  if (!canSeeApp(facts)) throw notFound("app");
  if (!effectiveAppPermissions(facts).includes(needed)) {
    throw forbidden(
      `You do not have the ${needed} permission on the app ${facts.appName}: ask a team admin or a collaborator with manage to grant it.`,
    );
  }
}

export interface SpaceAccessFacts {
  spaceName: string;
  teamName: string;
  teamRole: TeamRole | null;
  spacePermissions: readonly SpacePermission[];
}

/** Team members of any role see the team's spaces; everyone else gets "not found". */
export function requireSpaceVisible(facts: SpaceAccessFacts): void {
  if (facts.teamRole === null) throw notFound("space");
}

/** Team admins, and members holding `create_apps` on the space, create apps in it. */
export function requireMayCreateAppInSpace(facts: SpaceAccessFacts): void {
  requireSpaceVisible(facts);
  if (facts.teamRole === "admin") return;
  if (facts.teamRole === "viewer") {
    throw forbidden(
      `Viewers of the team ${facts.teamName} cannot create apps.`,
    );
  }
  if (!facts.spacePermissions.includes("create_apps")) {
    throw forbidden(
      `You need the create_apps permission on the space ${facts.spaceName} to create apps in it: ask an admin of the team ${facts.teamName} to grant it.`,
    );
  }
}

/** Team admins and members create team apps outside spaces; viewers never do. */
export function requireMayCreateTeamApp(
  teamName: string,
  teamRole: TeamRole | null,
): void {
  if (teamRole === null) throw notFound("team");
  if (teamRole === "viewer") {
    throw forbidden(`Viewers of the team ${teamName} cannot create apps.`);
  }
}

/** Only team admins manage members, spaces and space access. */
export function requireTeamAdmin(
  teamName: string,
  teamRole: TeamRole | null,
  action: string,
): void {
  if (teamRole === null) throw notFound("team");
  if (teamRole !== "admin") {
    throw forbidden(`Only admins of the team ${teamName} can ${action}.`);
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
