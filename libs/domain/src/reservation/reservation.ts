import { DomainError } from "../shared/domain-error.js";
import type { DomainEvent } from "../shared/domain-event.js";

/**
 * A globally unique name (app, team or space name, account email) is held by
 * a reservation stream written with "no stream" as the expected revision,
 * so two concurrent claims of one name cannot both succeed.
 */
export type ReservationKind =
  | "app-name"
  | "team-name"
  | "space-name"
  | "account-email"
  | "hostname"
  /** Unique per app only: the reserved name is `<appId>/<endpoint name>`. */
  | "sni-endpoint-name";

export type NameReserved = DomainEvent<
  "NameReserved",
  { kind: ReservationKind; name: string; ownerId: string; at: string }
>;
export type NameReleased = DomainEvent<
  "NameReleased",
  {
    kind: ReservationKind;
    name: string;
    ownerId: string;
    at: string;
    reason: string;
  }
>;
export type ReservationEvent = NameReserved | NameReleased;

export interface ReservationState {
  holderId: string | null;
  reservedAt: string | null;
}

export const initialReservation: ReservationState = {
  holderId: null,
  reservedAt: null,
};

export function reservationStream(kind: ReservationKind, name: string): string {
  return `${kind}-${name}`;
}

export function evolveReservation(
  state: ReservationState,
  event: ReservationEvent,
): ReservationState {
  switch (event.type) {
    case "NameReserved":
      return { holderId: event.data.ownerId, reservedAt: event.data.at };
    case "NameReleased":
      return { holderId: null, reservedAt: null };
  }
}

export interface ReserveName {
  kind: ReservationKind;
  name: string;
  ownerId: string;
  at: string;
  /**
   * Set by the caller when it found that the current holder no longer uses
   * the name (its stream is gone or renamed after a crash); the stale claim
   * is released before the new one is recorded.
   */
  holderIsStale?: boolean;
}

export function decideReserveName(
  state: ReservationState,
  command: ReserveName,
  takenMessage: string,
): ReservationEvent[] {
  const { kind, name, ownerId, at } = command;
  if (state.holderId === ownerId) return [];
  if (state.holderId === null) {
    return [{ type: "NameReserved", data: { kind, name, ownerId, at } }];
  }
  if (!command.holderIsStale) {
    throw new DomainError("name_taken", takenMessage);
  }
  return [
    {
      type: "NameReleased",
      data: { kind, name, ownerId: state.holderId, at, reason: "stale" },
    },
    { type: "NameReserved", data: { kind, name, ownerId, at } },
  ];
}

export function decideReleaseName(
  state: ReservationState,
  command: {
    kind: ReservationKind;
    name: string;
    ownerId: string;
    at: string;
    reason: string;
  },
): ReservationEvent[] {
  if (state.holderId !== command.ownerId) return [];
  return [{ type: "NameReleased", data: { ...command } }];
}
