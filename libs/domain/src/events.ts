import type { AccountEvent } from "./account/account.js";
import type { AppEvent } from "./app/app.events.js";
import type { CertificateEvent } from "./certificate/certificate.events.js";
import type { CustomDomainEvent } from "./custom-domain/custom-domain.events.js";
import type { DynoEvent } from "./dyno/dyno.events.js";
import type { ReservationEvent } from "./reservation/reservation.js";
import type { SniEndpointEvent } from "./sni-endpoint/sni-endpoint.events.js";
import type { SpaceEvent } from "./space/space.events.js";
import type { TeamEvent } from "./team/team.events.js";

/** Every event the control plane stores. */
export type ControlPlaneEvent =
  | AccountEvent
  | TeamEvent
  | SpaceEvent
  | AppEvent
  | DynoEvent
  | ReservationEvent
  | CustomDomainEvent
  | SniEndpointEvent
  | CertificateEvent;

export type ControlPlaneEventType = ControlPlaneEvent["type"];

const EVENT_TYPES: Record<ControlPlaneEventType, true> = {
  AccountCreated: true,
  ApiTokenIssued: true,
  ApiTokenRevoked: true,
  TeamCreated: true,
  TeamMemberAdded: true,
  TeamMemberRoleChanged: true,
  TeamMemberRemoved: true,
  SpaceCreated: true,
  SpaceAllocated: true,
  SpaceAccessChanged: true,
  SpaceDestroyed: true,
  AppCreated: true,
  AppRenamed: true,
  AppDestroyed: true,
  CollaboratorAdded: true,
  CollaboratorPermissionsUpdated: true,
  CollaboratorRemoved: true,
  FormationChanged: true,
  DynosRestarted: true,
  DynoProvisioningRequested: true,
  DynoProvisioningAttempted: true,
  DynoProvisioningFailed: true,
  TimerScheduled: true,
  TimerFired: true,
  DynoUp: true,
  DynoCrashed: true,
  DynoStopRequested: true,
  DynoStopped: true,
  DynoExited: true,
  NameReserved: true,
  NameReleased: true,
  AcmEnabled: true,
  AcmDisabled: true,
  CustomDomainAdded: true,
  CustomDomainSniEndpointChanged: true,
  CustomDomainDnsChecked: true,
  CustomDomainRemoved: true,
  SniEndpointAdded: true,
  SniEndpointUpdated: true,
  SniEndpointRemoved: true,
  CertificateRequested: true,
  CertificateOrderAttempted: true,
  CertificateOrderPlaced: true,
  CertificateOrderFailed: true,
  CertificateTimerScheduled: true,
  CertificateTimerFired: true,
  CertificateIssued: true,
  CertificateIssuanceFailed: true,
  CertificateRefreshRequested: true,
  CertificateRetired: true,
};

export function isControlPlaneEventType(
  type: string,
): type is ControlPlaneEventType {
  return Object.hasOwn(EVENT_TYPES, type);
}
