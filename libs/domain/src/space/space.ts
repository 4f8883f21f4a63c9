import { conflict, invalid, notFound } from "../shared/domain-error.js";
import type { SpacePermission } from "../shared/permissions.js";
import { checkResourceName } from "../shared/names.js";
import { SPACE_REGIONS } from "./regions.js";
import type {
  SpaceCreated,
  SpaceEvent,
  SpaceGeneration,
} from "./space.events.js";

export interface SpaceState {
  spaceId: string | null;
  teamId: string | null;
  name: string | null;
  state: "none" | "allocating" | "allocated" | "destroyed";
  access: ReadonlyMap<string, readonly SpacePermission[]>;
}

export const initialSpace: SpaceState = {
  spaceId: null,
  teamId: null,
  name: null,
  state: "none",
  access: new Map(),
};

export const spaceStream = (spaceId: string): string => `space-${spaceId}`;

export function evolveSpace(state: SpaceState, event: SpaceEvent): SpaceState {
  switch (event.type) {
    case "SpaceCreated": {
      const { spaceId, teamId, name } = event.data;
      return { ...state, spaceId, teamId, name, state: "allocating" };
    }
    case "SpaceAllocated":
      return { ...state, state: "allocated" };
    case "SpaceAccessChanged": {
      const access = new Map(state.access);
      if (event.data.permissions.length === 0)
        access.delete(event.data.accountId);
      else access.set(event.data.accountId, event.data.permissions);
      return { ...state, access };
    }
    case "SpaceDestroyed":
      return { ...state, state: "destroyed" };
  }
}

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

export interface CreateSpace {
  spaceId: string;
  teamId: string;
  name: string;
  region: string;
  generation: SpaceGeneration;
  shield: boolean;
  cidr: string;
  dataCidr: string;
  at: string;
}

export function decideCreateSpace(
  state: SpaceState,
  command: CreateSpace,
): SpaceEvent[] {
  if (state.state !== "none")
    throw conflict(`Space ${command.name} already exists.`);
  checkCreateSpace(command);
  const created: SpaceCreated = { type: "SpaceCreated", data: command };
  return [created];
}

/**
 * Validates a new space's settings. Callers run it before reserving the
 * name too, so that invalid input leaves no reservation behind.
 */
export function checkCreateSpace(command: CreateSpace): void {
  checkResourceName("space", command.name);
  if (!Object.hasOwn(SPACE_REGIONS, command.region)) {
    throw invalid(
      `Region ${JSON.stringify(command.region)} is not available for spaces: use one of ${Object.keys(SPACE_REGIONS).join(", ")}.`,
    );
  }
  checkCidr("cidr", command.cidr, 16, 20);
  checkCidr("data_cidr", command.dataCidr, 16, 20);
  if (command.generation === "fir" && command.shield) {
    throw invalid("Shield spaces are not available for the fir generation.");
  }
}

export function decideAllocateSpace(
  state: SpaceState,
  command: { at: string },
): SpaceEvent[] {
  if (state.state !== "allocating" || state.spaceId === null) return [];
  return [
    {
      type: "SpaceAllocated",
      data: { spaceId: state.spaceId, at: command.at },
    },
  ];
}

export interface SetSpaceAccess {
  accountId: string;
  email: string;
  /** Team role of the account, looked up by the caller. */
  role: "admin" | "member" | "viewer" | null;
  permissions: SpacePermission[];
  /**
   * The member's current space permissions from the permission read model.
   * The read model and not the space stream is the source, because removing
   * a member from the team ends their access without an event on the space.
   */
  current: readonly SpacePermission[];
  at: string;
}

export function decideSetSpaceAccess(
  state: SpaceState,
  command: SetSpaceAccess,
): SpaceEvent[] {
  const spaceId = requireLiveSpace(state);
  const { accountId, email, role, permissions, at } = command;
  if (role === null)
    throw notFound("user", `${email} is not a member of the space's team.`);
  if (role === "viewer" && permissions.length > 0) {
    throw invalid(
      `${email} is a viewer of the team, and viewers cannot create apps.`,
    );
  }
  if (sameSet(command.current, permissions)) return [];
  return [
    {
      type: "SpaceAccessChanged",
      data: { spaceId, accountId, email, permissions, at },
    },
  ];
}

export function decideDestroySpace(
  state: SpaceState,
  command: { liveAppCount: number; at: string },
): SpaceEvent[] {
  const spaceId = requireLiveSpace(state);
  if (command.liveAppCount > 0) {
    throw conflict(
      `Space ${state.name} still has ${command.liveAppCount} app(s): destroy them before the space.`,
    );
  }
  return [
    {
      type: "SpaceDestroyed",
      data: {
        spaceId,
        teamId: state.teamId!,
        name: state.name!,
        at: command.at,
      },
    },
  ];
}

function requireLiveSpace(state: SpaceState): string {
  if (
    state.spaceId === null ||
    state.state === "destroyed" ||
    state.state === "none"
  ) {
    throw notFound("space");
  }
  return state.spaceId;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item) => b.includes(item));
}

function checkCidr(
  field: string,
  value: string,
  minPrefix: number,
  maxPrefix: number,
): void {
  const match = CIDR.exec(value);
  const octets = match?.slice(1, 5).map(Number) ?? [];
  const prefix = Number(match?.[5]);
  const valid =
    match !== null &&
    octets.every((octet) => octet <= 255) &&
    prefix >= minPrefix &&
    prefix <= maxPrefix &&
    isPrivateRange(octets);
  if (!valid) {
    throw invalid(
      `${field} ${JSON.stringify(value)} is invalid: use a private IPv4 range (RFC 1918) with a prefix from /${minPrefix} to /${maxPrefix}.`,
    );
  }
}

function isPrivateRange([a, b]: number[]): boolean {
  if (a === 10) return true;
  if (a === 172 && b !== undefined && b >= 16 && b <= 31) return true;
  return a === 192 && b === 168;
}
