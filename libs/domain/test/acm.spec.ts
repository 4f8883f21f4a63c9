import {
  type AppEvent,
  decideDisableAcm,
  decideEnableAcm,
  evolveApp,
  initialApp,
} from "../src/index.js";
import { given } from "./given-when-then.js";

const AT = "2024-05-01T10:00:00.000Z";
const LATER = "2024-05-02T10:00:00.000Z";
const APP_ID = "app-1";

const created: AppEvent = {
  type: "AppCreated",
  data: {
    appId: APP_ID,
    name: "billing-api",
    identifier: "0123456789ab",
    teamId: "team-1",
    spaceId: "space-1",
    region: "frankfurt",
    stack: "heroku-24",
    generation: "cedar",
    internalRouting: false,
    creatorId: "alice",
    creatorEmail: "alice@example.com",
    at: AT,
  },
};
const enabled: AppEvent = {
  type: "AcmEnabled",
  data: { appId: APP_ID, at: LATER },
};
const disabled: AppEvent = {
  type: "AcmDisabled",
  data: { appId: APP_ID, at: LATER },
};
const destroyed: AppEvent = {
  type: "AppDestroyed",
  data: {
    appId: APP_ID,
    name: "billing-api",
    teamId: "team-1",
    spaceId: "space-1",
    at: LATER,
  },
};

const app = (...events: AppEvent[]) => given(evolveApp, initialApp, events);

describe("when ACM is off", () => {
  test("enable records AcmEnabled", () => {
    app(created).when(decideEnableAcm, { at: LATER }).then([enabled]);
  });

  test("disable is a no-op", () => {
    app(created).when(decideDisableAcm, { at: LATER }).thenNothing();
  });

  test("state shows ACM off", () => {
    expect(app(created).state.acm).toBe(false);
  });
});

describe("when ACM is on", () => {
  test("enable again is a no-op", () => {
    app(created, enabled).when(decideEnableAcm, { at: LATER }).thenNothing();
  });

  test("disable records AcmDisabled", () => {
    app(created, enabled)
      .when(decideDisableAcm, { at: LATER })
      .then([disabled]);
  });

  test("enable after disable records AcmEnabled", () => {
    app(created, enabled, disabled)
      .when(decideEnableAcm, { at: LATER })
      .then([enabled]);
  });
});

describe("when the app does not exist", () => {
  test("enable is not found", () => {
    app().when(decideEnableAcm, { at: LATER }).thenFails("not_found");
  });

  test("disable after destroy is not found", () => {
    app(created, enabled, destroyed)
      .when(decideDisableAcm, { at: LATER })
      .thenFails("not_found", "Couldn't find that app.");
  });
});
