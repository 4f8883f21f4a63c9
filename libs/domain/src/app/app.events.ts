import type { DomainEvent } from "../shared/domain-event.js";
import type {
  DynosRestarted,
  FormationChanged,
} from "../formation/formation.events.js";
import type { AppPermission } from "../shared/permissions.js";

export type AppCreated = DomainEvent<
  "AppCreated",
  {
    appId: string;
    name: string;
    /** 12 lowercase hex characters; part of the default domain, kept across renames. */
    identifier: string;
    teamId: string;
    spaceId: string | null;
    region: string;
    stack: string;
    generation: "cedar" | "fir";
    internalRouting: boolean;
    creatorId: string;
    creatorEmail: string;
    at: string;
  }
>;
export type AppRenamed = DomainEvent<
  "AppRenamed",
  { appId: string; previousName: string; name: string; at: string }
>;
export type AppDestroyed = DomainEvent<
  "AppDestroyed",
  {
    appId: string;
    name: string;
    teamId: string;
    spaceId: string | null;
    at: string;
  }
>;
export type CollaboratorAdded = DomainEvent<
  "CollaboratorAdded",
  {
    appId: string;
    accountId: string;
    email: string;
    permissions: AppPermission[];
    /**
     * Set on the grant to the app's creator, which lasts only while the
     * creator is a member of the team.
     */
    creator?: boolean;
    at: string;
  }
>;
export type CollaboratorPermissionsUpdated = DomainEvent<
  "CollaboratorPermissionsUpdated",
  {
    appId: string;
    accountId: string;
    email: string;
    permissions: AppPermission[];
    previousPermissions: AppPermission[];
    at: string;
  }
>;
export type CollaboratorRemoved = DomainEvent<
  "CollaboratorRemoved",
  { appId: string; accountId: string; email: string; at: string }
>;

/** Automated certificate management switched on for the app's custom domains. */
export type AcmEnabled = DomainEvent<
  "AcmEnabled",
  { appId: string; at: string }
>;
export type AcmDisabled = DomainEvent<
  "AcmDisabled",
  { appId: string; at: string }
>;

export type AppEvent =
  | FormationChanged
  | DynosRestarted
  | AppCreated
  | AppRenamed
  | AppDestroyed
  | CollaboratorAdded
  | CollaboratorPermissionsUpdated
  | CollaboratorRemoved
  | AcmEnabled
  | AcmDisabled;
