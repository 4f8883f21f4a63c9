import {
  decideAttempt,
  decideAttemptTimedOut,
  decideExited,
  decideFireTimer,
  decideOutcome,
  decideRequestDyno,
  decideStopDyno,
  decideStopped,
  type DynoEvent,
  type DynoProvisioningRequested,
  type DynoSlot,
  type DynoState,
  dynoStream,
  evolveDyno,
  initialDyno,
  isProvisioningWanted,
  parseTimerId,
  type ProvisionOutcome,
  type RetryPolicy,
  type TimerScheduled,
  timerId,
} from "../src/index.js";
import { given } from "./given-when-then.js";

const START = Date.parse("2024-05-01T10:00:00.000Z");
const DYNO_ID = "dyno-1";
const APP_ID = "app-1";
const TIMEOUT_MS = 30_000;
const FAILURE = "No capacity in zone a.";

/** The moment `seconds` after the dyno was requested. */
const clock = (seconds: number): Date => new Date(START + seconds * 1000);
const iso = (seconds: number): string => clock(seconds).toISOString();

/**
 * Waits 1 s before attempt 2 and 2 s before attempt 3. Each attempt gets a
 * different wait, so reading the backoff of the wrong attempt moves `dueAt`.
 */
const policy: RetryPolicy = {
  maxAttempts: 3,
  backoffMs: (attempt) => 1000 * 2 ** (attempt - 2),
  attemptTimeoutMs: TIMEOUT_MS,
};

const slot: DynoSlot = {
  dynoId: DYNO_ID,
  name: "web.1",
  type: "web",
  size: "Private-S",
  command: "web",
};

const requested: DynoProvisioningRequested = {
  type: "DynoProvisioningRequested",
  data: {
    ...slot,
    appId: APP_ID,
    origin: "formation",
    attach: false,
    at: iso(0),
  },
};

function attempted(attempt: number, second: number): DynoEvent {
  return {
    type: "DynoProvisioningAttempted",
    data: { dynoId: DYNO_ID, attempt, at: iso(second) },
  };
}

/** The id `timerId` should build, spelled out so the format is checked too. */
function timerIdOf(
  purpose: TimerScheduled["data"]["purpose"],
  attempt: number,
  dueSecond: number,
): string {
  return `${DYNO_ID}:${purpose}:${attempt}:${iso(dueSecond)}`;
}

function scheduled(
  purpose: TimerScheduled["data"]["purpose"],
  attempt: number,
  dueSecond: number,
  second: number,
): TimerScheduled {
  return {
    type: "TimerScheduled",
    data: {
      timerId: timerIdOf(purpose, attempt, dueSecond),
      dynoId: DYNO_ID,
      purpose,
      attempt,
      dueAt: iso(dueSecond),
      at: iso(second),
    },
  };
}

function fired(id: string, second: number): DynoEvent {
  return {
    type: "TimerFired",
    data: { timerId: id, dynoId: DYNO_ID, at: iso(second) },
  };
}

function failed(attempt: number, second: number, reason = FAILURE): DynoEvent {
  return {
    type: "DynoProvisioningFailed",
    data: { dynoId: DYNO_ID, attempt, reason, at: iso(second) },
  };
}

function crashed(attempts: number, second: number, reason = FAILURE) {
  return {
    type: "DynoCrashed",
    data: { dynoId: DYNO_ID, attempts, reason, at: iso(second) },
  } satisfies DynoEvent;
}

function up(attempt: number, second: number): DynoEvent {
  return {
    type: "DynoUp",
    data: { dynoId: DYNO_ID, zone: "eu-central-1a", attempt, at: iso(second) },
  };
}

const stopRequested: DynoEvent = {
  type: "DynoStopRequested",
  data: { dynoId: DYNO_ID, reason: "scaled-down", at: iso(8) },
};
const stopped: DynoEvent = {
  type: "DynoStopped",
  data: { dynoId: DYNO_ID, at: iso(9) },
};

const attemptAt = (attempt: number, second: number) => ({
  attempt,
  policy,
  now: clock(second),
});
const outcomeAt = (outcome: ProvisionOutcome, second: number) => ({
  outcome,
  policy,
  now: clock(second),
});
const UP: ProvisionOutcome = { kind: "up", zone: "eu-central-1a" };
const FAILED: ProvisionOutcome = { kind: "failed", reason: FAILURE };
const STARTING: ProvisionOutcome = { kind: "starting", checkAt: iso(5) };
const TIMEOUT_REASON = "Provisioning did not finish within 30000 ms.";

const dyno = (...events: DynoEvent[]) => given(evolveDyno, initialDyno, events);

/** Attempt 1 recorded at 1 s, timing out at 31 s. */
const attempt1Running = [
  requested,
  attempted(1, 1),
  scheduled("provisioning-timeout", 1, 31, 1),
];
/** Attempt 1 failed at 2 s, with attempt 2 due at 3 s. */
const attempt1Failed = [
  ...attempt1Running,
  failed(1, 2),
  scheduled("retry", 2, 3, 2),
];
/** Attempt 2 recorded at 3 s, timing out at 33 s. */
const attempt2Running = [
  ...attempt1Failed,
  fired(timerIdOf("retry", 2, 3), 3),
  attempted(2, 3),
  scheduled("provisioning-timeout", 2, 33, 3),
];
/** Attempt 3, the last attempt the policy allows, recorded at 6 s. */
const attempt3Running = [
  ...attempt2Running,
  failed(2, 4),
  scheduled("retry", 3, 6, 4),
  fired(timerIdOf("retry", 3, 6), 6),
  attempted(3, 6),
  scheduled("provisioning-timeout", 3, 36, 6),
];

function expectState(state: DynoState, expected: Partial<DynoState>): void {
  expect(state).toStrictEqual({
    ...initialDyno,
    dynoId: DYNO_ID,
    appId: APP_ID,
    name: "web.1",
    origin: "formation",
    ...expected,
  });
}

describe("when no dyno exists", () => {
  test("evolve starts from nothing", () => {
    const { state } = dyno();
    expect(state).toStrictEqual(initialDyno);
    expect(isProvisioningWanted(state)).toBe(false);
  });

  test("request records the request", () => {
    dyno()
      .when(decideRequestDyno, {
        appId: APP_ID,
        slot,
        origin: "formation",
        attach: false,
        at: iso(0),
      })
      .then([requested]);
  });

  test("request of attached one-off dyno", () => {
    const runSlot = { ...slot, name: "run.1", type: "run", command: "bash" };
    dyno()
      .when(decideRequestDyno, {
        appId: APP_ID,
        slot: runSlot,
        origin: "run",
        attach: true,
        at: iso(0),
      })
      .then([
        {
          type: "DynoProvisioningRequested",
          data: {
            dynoId: DYNO_ID,
            name: "run.1",
            type: "run",
            size: "Private-S",
            command: "bash",
            appId: APP_ID,
            origin: "run",
            attach: true,
            at: iso(0),
          },
        },
      ]);
  });

  test("attempt is no-op", () => {
    dyno().when(decideAttempt, attemptAt(1, 1)).thenNothing();
  });

  test("outcome is no-op", () => {
    dyno().when(decideOutcome, outcomeAt(UP, 1)).thenNothing();
  });

  test("timeout is no-op", () => {
    dyno().when(decideAttemptTimedOut, attemptAt(0, 1)).thenNothing();
  });

  test("stop is no-op", () => {
    dyno()
      .when(decideStopDyno, { reason: "scaled-down", at: iso(1) })
      .thenNothing();
  });

  test("stopped is no-op", () => {
    dyno()
      .when(decideStopped, { at: iso(1) })
      .thenNothing();
  });

  test("exit is no-op", () => {
    dyno()
      .when(decideExited, { exitCode: 0, at: iso(1) })
      .thenNothing();
  });
});

describe("when the dyno was requested", () => {
  test("evolve marks it starting", () => {
    const { state } = dyno(requested);
    expectState(state, { state: "starting" });
    expect(isProvisioningWanted(state)).toBe(true);
  });

  test("stream is named after the id", () => {
    expect(dynoStream(DYNO_ID)).toBe("dyno-dyno-1");
  });

  test("request again is no-op", () => {
    dyno(requested)
      .when(decideRequestDyno, {
        appId: APP_ID,
        slot,
        origin: "formation",
        attach: false,
        at: iso(1),
      })
      .thenNothing();
  });

  test("attempt 1 records attempt and timeout", () => {
    dyno(requested)
      .when(decideAttempt, attemptAt(1, 1))
      .then([attempted(1, 1), scheduled("provisioning-timeout", 1, 31, 1)]);
  });

  test.each([0, 2])("attempt %i is no-op", (attempt) => {
    dyno(requested).when(decideAttempt, attemptAt(attempt, 1)).thenNothing();
  });

  test("timeout before any attempt is no-op", () => {
    dyno(requested).when(decideAttemptTimedOut, attemptAt(1, 31)).thenNothing();
  });

  test("stop records the request", () => {
    dyno(requested)
      .when(decideStopDyno, { reason: "scaled-down", at: iso(8) })
      .then([stopRequested]);
  });
});

describe("when attempt 1 is running", () => {
  test("evolve counts attempt and timer", () => {
    const { state } = dyno(...attempt1Running);
    expectState(state, {
      state: "starting",
      attempts: 1,
      pendingTimers: new Set([timerIdOf("provisioning-timeout", 1, 31)]),
    });
  });

  test("attempt 1 again is no-op", () => {
    dyno(...attempt1Running)
      .when(decideAttempt, attemptAt(1, 2))
      .thenNothing();
  });

  test("outcome up records DynoUp", () => {
    dyno(...attempt1Running)
      .when(decideOutcome, outcomeAt(UP, 2))
      .then([up(1, 2)]);
  });

  test("outcome starting schedules status check", () => {
    dyno(...attempt1Running)
      .when(decideOutcome, outcomeAt(STARTING, 2))
      .then([scheduled("status-check", 1, 5, 2)]);
  });

  test("failure schedules attempt 2 after backoff", () => {
    dyno(...attempt1Running)
      .when(decideOutcome, outcomeAt(FAILED, 2))
      .then([failed(1, 2), scheduled("retry", 2, 3, 2)]);
  });

  test("backoff is read for attempt 2", () => {
    const requestedAttempts: number[] = [];
    const recording: RetryPolicy = {
      ...policy,
      backoffMs: (attempt) => {
        requestedAttempts.push(attempt);
        return 7000;
      },
    };
    dyno(...attempt1Running)
      .when(decideOutcome, {
        outcome: FAILED,
        policy: recording,
        now: clock(2),
      })
      .then([failed(1, 2), scheduled("retry", 2, 9, 2)]);
    expect(requestedAttempts).toStrictEqual([2]);
  });

  test("timeout schedules attempt 2 after backoff", () => {
    dyno(...attempt1Running)
      .when(decideAttemptTimedOut, attemptAt(1, 31))
      .then([failed(1, 31, TIMEOUT_REASON), scheduled("retry", 2, 32, 31)]);
  });

  test.each([0, 2])("timeout of attempt %i is no-op", (attempt) => {
    dyno(...attempt1Running)
      .when(decideAttemptTimedOut, attemptAt(attempt, 31))
      .thenNothing();
  });

  test("pending timer fires", () => {
    const id = timerIdOf("provisioning-timeout", 1, 31);
    dyno(...attempt1Running)
      .when(decideFireTimer, { timerId: id, at: iso(31) })
      .then([fired(id, 31)]);
  });

  test("unknown timer does not fire", () => {
    dyno(...attempt1Running)
      .when(decideFireTimer, {
        timerId: timerIdOf("provisioning-timeout", 1, 32),
        at: iso(32),
      })
      .thenNothing();
  });
});

describe("when a status check is due", () => {
  const checking = [...attempt1Running, scheduled("status-check", 1, 5, 2)];

  test("evolve keeps both timers pending", () => {
    const { state } = dyno(...checking);
    expect(state.pendingTimers).toStrictEqual(
      new Set([
        timerIdOf("provisioning-timeout", 1, 31),
        timerIdOf("status-check", 1, 5),
      ]),
    );
  });

  test("still starting schedules next check", () => {
    dyno(...checking)
      .when(decideOutcome, outcomeAt({ kind: "starting", checkAt: iso(10) }, 5))
      .then([scheduled("status-check", 1, 10, 5)]);
  });

  test("outcome up records DynoUp", () => {
    dyno(...checking)
      .when(decideOutcome, outcomeAt(UP, 5))
      .then([up(1, 5)]);
  });
});

describe("when the timeout timer fired", () => {
  const id = timerIdOf("provisioning-timeout", 1, 31);
  const timedOut = [...attempt1Running, fired(id, 31)];

  test("evolve moves timer to fired", () => {
    const { state } = dyno(...timedOut);
    expect(state.pendingTimers).toStrictEqual(new Set());
    expect(state.firedTimers).toStrictEqual(new Set([id]));
  });

  test("timer fires only once", () => {
    dyno(...timedOut)
      .when(decideFireTimer, { timerId: id, at: iso(32) })
      .thenNothing();
  });
});

describe("when attempt 1 failed", () => {
  test("evolve keeps it starting", () => {
    const { state } = dyno(...attempt1Failed);
    expectState(state, {
      state: "starting",
      attempts: 1,
      failedAttempt: 1,
      pendingTimers: new Set([
        timerIdOf("provisioning-timeout", 1, 31),
        timerIdOf("retry", 2, 3),
      ]),
    });
  });

  test("retry timer fires", () => {
    const id = timerIdOf("retry", 2, 3);
    dyno(...attempt1Failed)
      .when(decideFireTimer, { timerId: id, at: iso(3) })
      .then([fired(id, 3)]);
  });

  // Happens when the wait before attempt 2 outlasts the timeout of attempt 1.
  test("timeout after failure is no-op", () => {
    dyno(...attempt1Failed)
      .when(decideAttemptTimedOut, attemptAt(1, 31))
      .thenNothing();
  });

  test("attempt 2 records attempt and timeout", () => {
    dyno(...attempt1Failed)
      .when(decideAttempt, attemptAt(2, 3))
      .then([attempted(2, 3), scheduled("provisioning-timeout", 2, 33, 3)]);
  });
});

describe("when attempt 2 is running", () => {
  test("evolve counts 2 attempts", () => {
    const { state } = dyno(...attempt2Running);
    expect(state.attempts).toBe(2);
    expect(state.state).toBe("starting");
  });

  test("failure schedules attempt 3 after backoff", () => {
    dyno(...attempt2Running)
      .when(decideOutcome, outcomeAt(FAILED, 4))
      .then([failed(2, 4), scheduled("retry", 3, 6, 4)]);
  });

  test("timeout schedules attempt 3 after backoff", () => {
    dyno(...attempt2Running)
      .when(decideAttemptTimedOut, attemptAt(2, 33))
      .then([failed(2, 33, TIMEOUT_REASON), scheduled("retry", 3, 35, 33)]);
  });

  test("stale timeout of attempt 1 is no-op", () => {
    dyno(...attempt2Running)
      .when(decideAttemptTimedOut, attemptAt(1, 31))
      .thenNothing();
  });

  test("outcome up records attempt 2", () => {
    dyno(...attempt2Running)
      .when(decideOutcome, outcomeAt(UP, 4))
      .then([up(2, 4)]);
  });
});

describe("when the last attempt is running", () => {
  test("failure crashes the dyno", () => {
    dyno(...attempt3Running)
      .when(decideOutcome, outcomeAt(FAILED, 7))
      .then([failed(3, 7), crashed(3, 7)]);
  });

  test("timeout crashes the dyno", () => {
    dyno(...attempt3Running)
      .when(decideAttemptTimedOut, attemptAt(3, 36))
      .then([failed(3, 36, TIMEOUT_REASON), crashed(3, 36, TIMEOUT_REASON)]);
  });
});

describe("when the dyno crashed", () => {
  const crashedDyno = [...attempt3Running, failed(3, 7), crashed(3, 7)];

  test("evolve marks it crashed", () => {
    const { state } = dyno(...crashedDyno);
    expect(state.state).toBe("crashed");
    expect(state.attempts).toBe(3);
    expect(isProvisioningWanted(state)).toBe(false);
  });

  test("attempt 4 is no-op", () => {
    dyno(...crashedDyno)
      .when(decideAttempt, attemptAt(4, 8))
      .thenNothing();
  });

  test("outcome is no-op", () => {
    dyno(...crashedDyno)
      .when(decideOutcome, outcomeAt(UP, 8))
      .thenNothing();
  });

  test("timeout is no-op", () => {
    dyno(...crashedDyno)
      .when(decideAttemptTimedOut, attemptAt(3, 36))
      .thenNothing();
  });

  test("stop records the request", () => {
    dyno(...crashedDyno)
      .when(decideStopDyno, { reason: "scaled-down", at: iso(8) })
      .then([stopRequested]);
  });
});

describe("when the dyno is up", () => {
  const upDyno = [...attempt1Running, up(1, 2)];

  test("evolve marks it up", () => {
    const { state } = dyno(...upDyno);
    expectState(state, {
      state: "up",
      attempts: 1,
      pendingTimers: new Set([timerIdOf("provisioning-timeout", 1, 31)]),
    });
    expect(isProvisioningWanted(state)).toBe(false);
  });

  test("outcome again is no-op", () => {
    dyno(...upDyno)
      .when(decideOutcome, outcomeAt(FAILED, 3))
      .thenNothing();
  });

  test("attempt 2 is no-op", () => {
    dyno(...upDyno)
      .when(decideAttempt, attemptAt(2, 3))
      .thenNothing();
  });

  test("timeout is no-op", () => {
    dyno(...upDyno)
      .when(decideAttemptTimedOut, attemptAt(1, 31))
      .thenNothing();
  });

  test.each(["scaled-down", "stopped", "restarted", "app-destroyed"] as const)(
    "stop records reason %s",
    (reason) => {
      dyno(...upDyno)
        .when(decideStopDyno, { reason, at: iso(8) })
        .then([
          {
            type: "DynoStopRequested",
            data: { dynoId: DYNO_ID, reason, at: iso(8) },
          },
        ]);
    },
  );

  test("exit records the exit code", () => {
    dyno(...upDyno)
      .when(decideExited, { exitCode: 127, at: iso(8) })
      .then([
        {
          type: "DynoExited",
          data: { dynoId: DYNO_ID, exitCode: 127, at: iso(8) },
        },
      ]);
  });
});

describe("when a stop was requested", () => {
  const stopping = [...attempt1Running, stopRequested];

  test("evolve marks stop requested", () => {
    const { state } = dyno(...stopping);
    expectState(state, {
      state: "starting",
      attempts: 1,
      stopRequested: true,
      pendingTimers: new Set([timerIdOf("provisioning-timeout", 1, 31)]),
    });
    expect(isProvisioningWanted(state)).toBe(false);
  });

  test("attempt 2 is no-op", () => {
    dyno(...stopping)
      .when(decideAttempt, attemptAt(2, 9))
      .thenNothing();
  });

  test.each([
    ["up", UP],
    ["starting", STARTING],
    ["failed", FAILED],
  ])("outcome %s is no-op", (_case, outcome) => {
    dyno(...stopping)
      .when(decideOutcome, outcomeAt(outcome, 9))
      .thenNothing();
  });

  test("timeout is no-op", () => {
    dyno(...stopping)
      .when(decideAttemptTimedOut, attemptAt(1, 31))
      .thenNothing();
  });

  test("stop again is no-op", () => {
    dyno(...stopping)
      .when(decideStopDyno, { reason: "stopped", at: iso(9) })
      .thenNothing();
  });

  test("stopped records DynoStopped", () => {
    dyno(...stopping)
      .when(decideStopped, { at: iso(9) })
      .then([stopped]);
  });

  test("pending timer still fires", () => {
    const id = timerIdOf("provisioning-timeout", 1, 31);
    dyno(...stopping)
      .when(decideFireTimer, { timerId: id, at: iso(31) })
      .then([fired(id, 31)]);
  });
});

describe("when the dyno stopped", () => {
  const stoppedDyno = [...attempt1Running, up(1, 2), stopRequested, stopped];

  test("evolve marks it down", () => {
    const { state } = dyno(...stoppedDyno);
    expect(state.state).toBe("down");
    expect(state.stopRequested).toBe(true);
    expect(isProvisioningWanted(state)).toBe(false);
  });

  test("stopped again is no-op", () => {
    dyno(...stoppedDyno)
      .when(decideStopped, { at: iso(10) })
      .thenNothing();
  });

  test("stop again is no-op", () => {
    dyno(...stoppedDyno)
      .when(decideStopDyno, { reason: "app-destroyed", at: iso(10) })
      .thenNothing();
  });

  test("exit is no-op", () => {
    dyno(...stoppedDyno)
      .when(decideExited, { exitCode: 0, at: iso(10) })
      .thenNothing();
  });
});

describe("when the dyno exited", () => {
  const exited: DynoEvent = {
    type: "DynoExited",
    data: { dynoId: DYNO_ID, exitCode: 0, at: iso(8) },
  };
  const exitedDyno = [...attempt1Running, up(1, 2), exited];

  test("evolve marks it down", () => {
    const { state } = dyno(...exitedDyno);
    expect(state.state).toBe("down");
    expect(state.stopRequested).toBe(false);
  });

  test("exit again is no-op", () => {
    dyno(...exitedDyno)
      .when(decideExited, { exitCode: 1, at: iso(9) })
      .thenNothing();
  });

  test("stop is no-op", () => {
    dyno(...exitedDyno)
      .when(decideStopDyno, { reason: "stopped", at: iso(9) })
      .thenNothing();
  });

  test("stopped is no-op", () => {
    dyno(...exitedDyno)
      .when(decideStopped, { at: iso(9) })
      .thenNothing();
  });
});

describe("timer ids", () => {
  test("timerId joins the parts", () => {
    expect(timerId(DYNO_ID, "retry", 2, iso(3))).toBe(
      "dyno-1:retry:2:2024-05-01T10:00:03.000Z",
    );
  });

  test.each([
    ["retry", 2],
    ["status-check", 1],
    ["provisioning-timeout", 10],
  ] as const)("parseTimerId reads %s timer", (purpose, attempt) => {
    expect(
      parseTimerId(timerId(DYNO_ID, purpose, attempt, iso(3))),
    ).toStrictEqual({ dynoId: DYNO_ID, purpose, attempt });
  });

  test("parseTimerId reads a uuid dyno id", () => {
    const dynoId = "0b6f4c1e-8a7d-4f3e-9c2b-5d1a7e9f0c3b";
    expect(parseTimerId(timerId(dynoId, "retry", 3, iso(6)))).toStrictEqual({
      dynoId,
      purpose: "retry",
      attempt: 3,
    });
  });

  test("scheduled timer id parses back", () => {
    const event = scheduled("status-check", 1, 5, 2);
    expect(parseTimerId(event.data.timerId)).toStrictEqual({
      dynoId: DYNO_ID,
      purpose: "status-check",
      attempt: 1,
    });
  });
});
