import type { DomainEvent } from "../shared/domain-event.js";
import type { SpacePermission } from "../shared/permissions.js";

export type SpaceGeneration = "cedar" | "fir";

export type SpaceCreated = DomainEvent<
  "SpaceCreated",
  {
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
>;
export type SpaceAllocated = DomainEvent<
  "SpaceAllocated",
  { spaceId: string; at: string }
>;
export type SpaceAccessChanged = DomainEvent<
  "SpaceAccessChanged",
  {
    spaceId: string;
    accountId: string;
    email: string;
    /** The full set after the change; empty means no access. */
    permissions: SpacePermission[];
    at: string;
  }
>;
export type SpaceDestroyed = DomainEvent<
  "SpaceDestroyed",
  { spaceId: string; teamId: string; name: string; at: string }
>;

export type SpaceEvent =
  SpaceCreated | SpaceAllocated | SpaceAccessChanged | SpaceDestroyed;
