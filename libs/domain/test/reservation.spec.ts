import {
  decideReleaseName,
  decideReserveName,
  evolveReservation,
  initialReservation,
  reservationStream,
  type ReservationEvent,
  type ReservationState,
  type ReserveName,
} from "../src/index.js";
import { given } from "./given-when-then.js";

const AT = "2024-05-01T10:00:00.000Z";
const LATER = "2024-05-02T10:00:00.000Z";
const TAKEN = "Name billing-api is already taken.";

const reservedByA: ReservationEvent = {
  type: "NameReserved",
  data: { kind: "app-name", name: "billing-api", ownerId: "app-a", at: AT },
};
const releasedByA: ReservationEvent = {
  type: "NameReleased",
  data: {
    kind: "app-name",
    name: "billing-api",
    ownerId: "app-a",
    at: LATER,
    reason: "renamed",
  },
};

const reservation = (...events: ReservationEvent[]) =>
  given(evolveReservation, initialReservation, events);

const reserve = (state: ReservationState, command: ReserveName) =>
  decideReserveName(state, command, TAKEN);

function reserveFor(ownerId: string, holderIsStale?: boolean): ReserveName {
  const command: ReserveName = {
    kind: "app-name",
    name: "billing-api",
    ownerId,
    at: LATER,
  };
  return holderIsStale === undefined ? command : { ...command, holderIsStale };
}

function releaseFor(ownerId: string) {
  return {
    kind: "app-name" as const,
    name: "billing-api",
    ownerId,
    at: LATER,
    reason: "renamed",
  };
}

test("stream name joins kind and name", () => {
  expect(reservationStream("account-email", "alice@example.com")).toBe(
    "account-email-alice@example.com",
  );
});

describe("when the name is free", () => {
  test("reserve records the holder", () => {
    reservation()
      .when(reserve, reserveFor("app-b"))
      .then([
        {
          type: "NameReserved",
          data: {
            kind: "app-name",
            name: "billing-api",
            ownerId: "app-b",
            at: LATER,
          },
        },
      ]);
  });

  test("release is a no-op", () => {
    reservation().when(decideReleaseName, releaseFor("app-a")).thenNothing();
  });

  test("evolve starts without holder", () => {
    expect(reservation().state).toEqual({ holderId: null, reservedAt: null });
  });
});

describe("when the name is reserved", () => {
  test("evolve stores holder and time", () => {
    expect(reservation(reservedByA).state).toEqual({
      holderId: "app-a",
      reservedAt: AT,
    });
  });

  test("same owner reserve is no-op", () => {
    reservation(reservedByA).when(reserve, reserveFor("app-a")).thenNothing();
  });

  test("same owner reserve ignores stale flag", () => {
    reservation(reservedByA)
      .when(reserve, reserveFor("app-a", true))
      .thenNothing();
  });

  test("other owner gets name_taken", () => {
    reservation(reservedByA)
      .when(reserve, reserveFor("app-b"))
      .thenFails("name_taken", TAKEN);
  });

  test("other owner not stale is taken", () => {
    reservation(reservedByA)
      .when(reserve, reserveFor("app-b", false))
      .thenFails("name_taken", TAKEN);
  });

  test("stale holder is released first", () => {
    reservation(reservedByA)
      .when(reserve, reserveFor("app-b", true))
      .then([
        {
          type: "NameReleased",
          data: {
            kind: "app-name",
            name: "billing-api",
            ownerId: "app-a",
            at: LATER,
            reason: "stale",
          },
        },
        {
          type: "NameReserved",
          data: {
            kind: "app-name",
            name: "billing-api",
            ownerId: "app-b",
            at: LATER,
          },
        },
      ]);
  });

  test("holder release records release", () => {
    reservation(reservedByA)
      .when(decideReleaseName, releaseFor("app-a"))
      .then([releasedByA]);
  });

  test("non-holder release is no-op", () => {
    reservation(reservedByA)
      .when(decideReleaseName, releaseFor("app-b"))
      .thenNothing();
  });
});

describe("when the name was released", () => {
  test("evolve clears the holder", () => {
    expect(reservation(reservedByA, releasedByA).state).toEqual({
      holderId: null,
      reservedAt: null,
    });
  });

  test("other owner reserve succeeds", () => {
    reservation(reservedByA, releasedByA)
      .when(reserve, reserveFor("app-b"))
      .then([
        {
          type: "NameReserved",
          data: {
            kind: "app-name",
            name: "billing-api",
            ownerId: "app-b",
            at: LATER,
          },
        },
      ]);
  });

  test("release again is a no-op", () => {
    reservation(reservedByA, releasedByA)
      .when(decideReleaseName, releaseFor("app-a"))
      .thenNothing();
  });
});
