import { conflict, invalid, notFound } from "../shared/domain-error.js";
import { checkAppName } from "../shared/names.js";
import type { AppPermission, TeamRole } from "../shared/permissions.js";
import {
  applyFormationChange,
  applyRestart,
  planRestart,
  type Formation,
  initialFormation,
  planFormationChange,
  type RequestedUpdate,
} from "../formation/formation.js";
import { defaultDynoSize } from "../formation/sizes.js";
import type { AppCreated, AppEvent } from "./app.events.js";

export interface Collaborator {
  accountId: string;
  email: string;
  permissions: readonly AppPermission[];
}

export interface AppState {
  appId: string | null;
  name: string | null;
  teamId: string | null;
  spaceId: string | null;
  destroyed: boolean;
  collaborators: ReadonlyMap<string, Collaborator>;
  formation: Formation;
  /** Whether automated certificate management is on for the app's custom domains. */
  acm: boolean;
}

export const initialApp: AppState = {
  appId: null,
  name: null,
  teamId: null,
  spaceId: null,
  destroyed: false,
  collaborators: new Map(),
  formation: new Map(),
  acm: false,
};

export const appStream = (appId: string): string => `app-${appId}`;

export function evolveApp(state: AppState, event: AppEvent): AppState {
  switch (event.type) {
    case "AppCreated": {
      const { appId, name, teamId, spaceId } = event.data;
      const size = defaultDynoSize({
        inSpace: spaceId !== null,
        shield: false,
      });
      return {
        ...state,
        appId,
        name,
        teamId,
        spaceId,
        formation: initialFormation(size),
      };
    }
    case "AppRenamed":
      return { ...state, name: event.data.name };
    case "AppDestroyed":
      return { ...state, destroyed: true };
    case "CollaboratorAdded":
    case "CollaboratorPermissionsUpdated": {
      const { accountId, email, permissions } = event.data;
      const collaborators = new Map(state.collaborators);
      collaborators.set(accountId, { accountId, email, permissions });
      return { ...state, collaborators };
    }
    case "CollaboratorRemoved": {
      const collaborators = new Map(state.collaborators);
      collaborators.delete(event.data.accountId);
      return { ...state, collaborators };
    }
    case "FormationChanged":
      return {
        ...state,
        formation: applyFormationChange(state.formation, event.data),
      };
    case "DynosRestarted":
      return {
        ...state,
        formation: applyRestart(state.formation, event.data.start),
      };
    case "AcmEnabled":
      return { ...state, acm: true };
    case "AcmDisabled":
      return { ...state, acm: false };
  }
}

/** Restarts formation dynos; an empty selection changes nothing. */
export function decideRestartDynos(
  state: AppState,
  command: {
    target: { type?: string; name?: string };
    dynoId: (name: string) => string;
    at: string;
  },
): AppEvent[] {
  const app = requireLiveApp(state);
  const plan = planRestart(app.formation, command.target, command.dynoId);
  if (plan.start.length === 0) return [];
  return [
    {
      type: "DynosRestarted",
      data: { appId: app.appId, ...plan, at: command.at },
    },
  ];
}

export interface ScaleFormation {
  updates: readonly RequestedUpdate[];
  /** Whether the app's space is a shield space, looked up by the caller. */
  shield: boolean;
  /** Derives the id of a started dyno from its name. */
  dynoId: (name: string) => string;
  /** Ids of the app's dynos that are down after a stop, from the dynos read model. */
  stoppedDynoIds?: ReadonlySet<string>;
  at: string;
}

export function decideScaleFormation(
  state: AppState,
  command: ScaleFormation,
): AppEvent[] {
  const app = requireLiveApp(state);
  const placement = { inSpace: app.spaceId !== null, shield: command.shield };
  const plan = planFormationChange(
    app.formation,
    command.updates,
    placement,
    command.dynoId,
    command.stoppedDynoIds,
  );
  const changed =
    plan.start.length > 0 ||
    plan.updates.some(
      (update) =>
        update.quantity !== update.previousQuantity ||
        update.size !== update.previousSize,
    );
  if (!changed) return [];
  return [
    {
      type: "FormationChanged",
      data: { appId: app.appId, ...plan, at: command.at },
    },
  ];
}

export type CreateApp = AppCreated["data"];

/**
 * Creates the app. Its creator becomes a collaborator holding all four
 * permissions, which a manager of the app may later change like any other.
 */
export function decideCreateApp(
  state: AppState,
  command: CreateApp,
): AppEvent[] {
  if (state.appId !== null)
    throw conflict(`App ${command.appId} already exists.`);
  checkAppName(command.name);
  if (!/^[0-9a-f]{12}$/.test(command.identifier)) {
    throw invalid(
      `App identifier ${command.identifier} must be 12 lowercase hex characters.`,
    );
  }
  return [
    { type: "AppCreated", data: command },
    {
      type: "CollaboratorAdded",
      data: {
        appId: command.appId,
        accountId: command.creatorId,
        email: command.creatorEmail,
        permissions: ["deploy", "manage", "operate", "view"],
        creator: true,
        at: command.at,
      },
    },
  ];
}

export function decideRenameApp(
  state: AppState,
  command: { name: string; at: string },
): AppEvent[] {
  const app = requireLiveApp(state);
  checkAppName(command.name);
  if (command.name === app.name) return [];
  return [
    {
      type: "AppRenamed",
      data: {
        appId: app.appId,
        previousName: app.name,
        name: command.name,
        at: command.at,
      },
    },
  ];
}

export function decideDestroyApp(
  state: AppState,
  command: { at: string },
): AppEvent[] {
  const app = requireLiveApp(state);
  return [
    {
      type: "AppDestroyed",
      data: {
        appId: app.appId,
        name: app.name,
        teamId: app.teamId,
        spaceId: app.spaceId,
        at: command.at,
      },
    },
  ];
}

export interface GrantPermission {
  accountId: string;
  email: string;
  /** Team role of the grantee, or null for an account outside the team. */
  role: TeamRole | null;
  /** Already normalized: sorted, with `view`. */
  permissions: AppPermission[];
  /**
   * The grantee's current explicit permissions on the app, from the
   * permission read model, or null when it holds none. The read model and
   * not the app stream is the source, because removing a member from the
   * team ends their grants without an event on each app stream.
   */
  current: readonly AppPermission[] | null;
  at: string;
}

export function decideGrantPermission(
  state: AppState,
  command: GrantPermission,
): AppEvent[] {
  const app = requireLiveApp(state);
  checkGrantee(app.name, command);
  if (command.current !== null) {
    throw conflict(
      `${command.email} is already a collaborator on ${app.name}: use access:update to change the permissions.`,
    );
  }
  const { accountId, email, permissions, at } = command;
  return [
    {
      type: "CollaboratorAdded",
      data: { appId: app.appId, accountId, email, permissions, at },
    },
  ];
}

export function decideUpdatePermissions(
  state: AppState,
  command: GrantPermission,
): AppEvent[] {
  const app = requireLiveApp(state);
  checkGrantee(app.name, command);
  const current = command.current;
  if (current === null) {
    throw notFound(
      "collaborator",
      `${command.email} is not a collaborator on ${app.name}.`,
    );
  }
  if (sameSet(current, command.permissions)) return [];
  const { accountId, email, permissions, at } = command;
  return [
    {
      type: "CollaboratorPermissionsUpdated",
      data: {
        appId: app.appId,
        accountId,
        email,
        permissions,
        previousPermissions: [...current],
        at,
      },
    },
  ];
}

export function decideRevokePermission(
  state: AppState,
  command: {
    accountId: string;
    email: string;
    /** As in {@link GrantPermission.current}. */
    current: readonly AppPermission[] | null;
    at: string;
  },
): AppEvent[] {
  const app = requireLiveApp(state);
  if (command.current === null) {
    throw notFound(
      "collaborator",
      `${command.email} is not a collaborator on ${app.name}.`,
    );
  }
  const { accountId, email, at } = command;
  return [
    {
      type: "CollaboratorRemoved",
      data: { appId: app.appId, accountId, email, at },
    },
  ];
}

type LiveApp = AppState & { appId: string; name: string; teamId: string };

function requireLiveApp(state: AppState): LiveApp {
  if (state.appId === null || state.destroyed) throw notFound("app");
  return state as LiveApp;
}

function checkGrantee(appName: string, command: GrantPermission): void {
  if (command.role === "admin") {
    throw invalid(
      `${command.email} is an admin of the team and already holds every permission on ${appName}.`,
    );
  }
  if (
    command.role === "viewer" &&
    command.permissions.some((name) => name !== "view")
  ) {
    throw invalid(
      `${command.email} is a viewer of the team and can hold only the view permission.`,
    );
  }
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item) => b.includes(item));
}
