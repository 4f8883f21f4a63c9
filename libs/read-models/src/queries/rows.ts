import type {
  AppPermission,
  SpacePermission,
  TeamRole,
} from "../../../domain/src/index.js";

export interface AccountRow {
  id: string;
  email: string;
  createdAt: string;
}

export interface TokenRow {
  id: string;
  accountId: string;
  email: string;
  description: string;
  createdAt: string;
  revokedAt: string | null;
}

export interface TeamRow {
  id: string;
  name: string;
  createdAt: string;
  updatedAt: string;
}

export interface TeamMembershipRow extends TeamRow {
  role: TeamRole;
}

export interface TeamMemberRow {
  teamId: string;
  accountId: string;
  email: string;
  role: TeamRole;
  createdAt: string;
  updatedAt: string;
}

export interface SpaceRow {
  id: string;
  name: string;
  teamId: string;
  teamName: string;
  region: string;
  generation: "cedar" | "fir";
  shield: boolean;
  cidr: string;
  dataCidr: string;
  state: string;
  createdAt: string;
  updatedAt: string;
}

export interface SpaceAccessRow {
  spaceId: string;
  accountId: string;
  email: string;
  permissions: SpacePermission[];
  updatedAt: string;
}

export interface AppRow {
  id: string;
  name: string;
  identifier: string;
  teamId: string;
  teamName: string;
  spaceId: string | null;
  spaceName: string | null;
  spaceShield: boolean;
  region: string;
  stack: string;
  generation: "cedar" | "fir";
  internalRouting: boolean;
  creatorId: string;
  /** Whether automated certificate management is on. */
  acm: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface CollaboratorRow {
  appId: string;
  accountId: string;
  email: string;
  permissions: AppPermission[];
  /** Role of the collaborator in the app's team, or null outside the team. */
  teamRole: TeamRole | null;
  createdAt: string;
  updatedAt: string;
}
