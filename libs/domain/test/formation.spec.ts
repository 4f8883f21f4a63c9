import {
  type AppEvent,
  type AppState,
  type CreateApp,
  decideRestartDynos,
  decideScaleFormation,
  type DynoSlot,
  type DynosRestarted,
  evolveApp,
  type FormationChanged,
  type FormationUpdate,
  initialApp,
  initialFormation,
  type ProcessType,
  type RequestedUpdate,
  type ScaleFormation,
} from "../src/index.js";
import { given } from "./given-when-then.js";

const AT = "2024-05-01T10:00:00.000Z";
const LATER = "2024-05-01T11:00:00.000Z";
const APP_ID = "app-1";

const appData: CreateApp = {
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
};
const createdInSpace: AppEvent = { type: "AppCreated", data: appData };
const createdOutsideSpace: AppEvent = {
  type: "AppCreated",
  data: { ...appData, spaceId: null, region: "eu" },
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

/** Derives dyno ids that name the command which chose them, such as `scale-1-web.2`. */
const idsFrom =
  (command: string) =>
  (name: string): string =>
    `${command}-${name}`;

function slot(name: string, command: string, size = "Private-S"): DynoSlot {
  const type = name.slice(0, name.indexOf("."));
  return { dynoId: `${command}-${name}`, name, type, size, command: type };
}

/** Slots `type.from` to `type.to`, in that order, with ids from `command`. */
function slots(
  type: string,
  from: number,
  to: number,
  command: string,
  size = "Private-S",
): DynoSlot[] {
  const step = from <= to ? 1 : -1;
  const result: DynoSlot[] = [];
  for (let index = from; index !== to + step; index += step) {
    result.push(slot(`${type}.${index}`, command, size));
  }
  return result;
}

function update(
  type: string,
  previousQuantity: number,
  quantity: number,
  previousSize = "Private-S",
  size = previousSize,
): FormationUpdate {
  return { type, quantity, previousQuantity, size, previousSize };
}

function changed(
  updates: FormationUpdate[],
  start: DynoSlot[],
  stop: DynoSlot[],
  at = LATER,
): FormationChanged {
  return {
    type: "FormationChanged",
    data: { appId: APP_ID, updates, start, stop, at },
  };
}

function restarted(stop: DynoSlot[], start: DynoSlot[]): DynosRestarted {
  return {
    type: "DynosRestarted",
    data: { appId: APP_ID, stop, start, at: LATER },
  };
}

function scale(
  updates: RequestedUpdate[],
  options: { command?: string; shield?: boolean } = {},
): ScaleFormation {
  return {
    updates,
    shield: options.shield ?? false,
    dynoId: idsFrom(options.command ?? "scale-2"),
    at: LATER,
  };
}

function restart(target: { type?: string; name?: string }) {
  return { target, dynoId: idsFrom("restart-1"), at: LATER };
}

function processType(state: AppState, type: string): ProcessType {
  const found = state.formation.get(type);
  if (!found) throw new Error(`The formation has no process type ${type}.`);
  return found;
}

/** Dyno ids by slot index, in the order the formation stores them. */
function dynoIdsOf(state: AppState, type: string): [number, string][] {
  return [...processType(state, type).dynos].map(([index, dyno]) => [
    index,
    dyno.dynoId,
  ]);
}

/** Web scaled from 0 to 3 by the command `scale-1`. */
const webScaledTo3 = changed(
  [update("web", 0, 3)],
  slots("web", 1, 3, "scale-1"),
  [],
  AT,
);
const webRuns3 = [createdInSpace, webScaledTo3];

describe("when no app exists", () => {
  test("scale is not found", () => {
    app()
      .when(decideScaleFormation, scale([{ type: "web", quantity: 1 }]))
      .thenFails("not_found", /app/);
  });

  test("restart is not found", () => {
    app().when(decideRestartDynos, restart({})).thenFails("not_found", /app/);
  });
});

describe("when the app is destroyed", () => {
  test("scale is not found", () => {
    app(...webRuns3, destroyed)
      .when(decideScaleFormation, scale([{ type: "web", quantity: 1 }]))
      .thenFails("not_found", /app/);
  });

  test("restart is not found", () => {
    app(...webRuns3, destroyed)
      .when(decideRestartDynos, restart({}))
      .thenFails("not_found", /app/);
  });
});

describe("when the app was created in a space", () => {
  test("evolve adds web and worker at 0", () => {
    const { state } = app(createdInSpace);
    expect(state.formation).toStrictEqual(initialFormation("Private-S"));
    expect([...state.formation.keys()]).toStrictEqual(["web", "worker"]);
    expect(processType(state, "web")).toStrictEqual({
      type: "web",
      quantity: 0,
      size: "Private-S",
      command: "web",
      dynos: new Map(),
    });
    expect(processType(state, "worker")).toStrictEqual({
      type: "worker",
      quantity: 0,
      size: "Private-S",
      command: "worker",
      dynos: new Map(),
    });
  });

  test("scale to 3 starts web.1 to web.3", () => {
    app(createdInSpace)
      .when(decideScaleFormation, scale([{ type: "web", quantity: "3" }]))
      .then([
        changed([update("web", 0, 3)], slots("web", 1, 3, "scale-2"), []),
      ]);
  });

  test("scale accepts a number", () => {
    app(createdInSpace)
      .when(decideScaleFormation, scale([{ type: "web", quantity: 2 }]))
      .then([
        changed([update("web", 0, 2)], slots("web", 1, 2, "scale-2"), []),
      ]);
  });

  test("scale trims the quantity", () => {
    app(createdInSpace)
      .when(decideScaleFormation, scale([{ type: "web", quantity: " 1 " }]))
      .then([changed([update("web", 0, 1)], [slot("web.1", "scale-2")], [])]);
  });

  test("scale +1 starts web.1", () => {
    app(createdInSpace)
      .when(decideScaleFormation, scale([{ type: "web", quantity: "+1" }]))
      .then([changed([update("web", 0, 1)], [slot("web.1", "scale-2")], [])]);
  });

  test("scale -1 stays at 0", () => {
    app(createdInSpace)
      .when(decideScaleFormation, scale([{ type: "web", quantity: "-1" }]))
      .thenNothing();
  });

  test("scale to 0 is no-op", () => {
    app(createdInSpace)
      .when(decideScaleFormation, scale([{ type: "web", quantity: "0" }]))
      .thenNothing();
  });

  test("scale to 100 is accepted", () => {
    app(createdInSpace)
      .when(decideScaleFormation, scale([{ type: "web", quantity: "100" }]))
      .then([
        changed([update("web", 0, 100)], slots("web", 1, 100, "scale-2"), []),
      ]);
  });

  test.each([
    ["101", 101],
    ["+101", 101],
    ["9999", 9999],
  ])("scale to %s is rejected", (quantity, resulting) => {
    app(createdInSpace)
      .when(decideScaleFormation, scale([{ type: "web", quantity }]))
      .thenFails(
        "invalid_params",
        `Quantity ${resulting} is over the limit of 100 dynos per process type.`,
      );
  });

  test("scale with fractional number is rejected", () => {
    app(createdInSpace)
      .when(decideScaleFormation, scale([{ type: "web", quantity: 2.5 }]))
      .thenFails(
        "invalid_params",
        "Quantity 2.5 is invalid: use a whole number from 0 to 100.",
      );
  });

  test.each([
    ["word", "two", '"two"'],
    ["fraction", "1.5", '"1.5"'],
    ["empty string", "", '""'],
    ["double sign", "+-1", '"+-1"'],
    ["equals sign", "=2", '"=2"'],
    ["five digits", "10000", '"10000"'],
  ])("scale with %s is rejected", (_case, quantity, shown) => {
    app(createdInSpace)
      .when(decideScaleFormation, scale([{ type: "web", quantity }]))
      .thenFails(
        "invalid_params",
        `Quantity ${shown} is invalid: use a whole number such as 2, or a change such as +1 or -1.`,
      );
  });

  test("scale of unknown type is rejected", () => {
    app(createdInSpace)
      .when(decideScaleFormation, scale([{ type: "nope", quantity: 1 }]))
      .thenFails("invalid_params", "Couldn't find that process type (nope).");
  });

  test("scale listing web twice is rejected", () => {
    app(createdInSpace)
      .when(
        decideScaleFormation,
        scale([
          { type: "web", quantity: 1 },
          { type: "web", quantity: 2 },
        ]),
      )
      .thenFails(
        "invalid_params",
        "Process type web is listed more than once.",
      );
  });

  test("scale without updates is rejected", () => {
    app(createdInSpace)
      .when(decideScaleFormation, scale([]))
      .thenFails("invalid_params", "No formation updates given.");
  });

  test("scale of web and worker", () => {
    app(createdInSpace)
      .when(
        decideScaleFormation,
        scale([
          { type: "web", quantity: 2 },
          { type: "worker", quantity: 1 },
        ]),
      )
      .then([
        changed(
          [update("web", 0, 2), update("worker", 0, 1)],
          [...slots("web", 1, 2, "scale-2"), slot("worker.1", "scale-2")],
          [],
        ),
      ]);
  });

  test("scale keeps an unchanged type listed", () => {
    app(createdInSpace)
      .when(
        decideScaleFormation,
        scale([
          { type: "worker", quantity: 0 },
          { type: "web", quantity: 1 },
        ]),
      )
      .then([
        changed(
          [update("worker", 0, 0), update("web", 0, 1)],
          [slot("web.1", "scale-2")],
          [],
        ),
      ]);
  });

  test("resize takes the canonical size", () => {
    app(createdInSpace)
      .when(decideScaleFormation, scale([{ type: "web", size: "private-l" }]))
      .then([changed([update("web", 0, 0, "Private-S", "Private-L")], [], [])]);
  });

  test("resize to same size in other case is no-op", () => {
    app(createdInSpace)
      .when(decideScaleFormation, scale([{ type: "web", size: "PRIVATE-S" }]))
      .thenNothing();
  });

  test("resize and scale together", () => {
    app(createdInSpace)
      .when(
        decideScaleFormation,
        scale([{ type: "web", quantity: 2, size: "Private-M" }]),
      )
      .then([
        changed(
          [update("web", 0, 2, "Private-S", "Private-M")],
          slots("web", 1, 2, "scale-2", "Private-M"),
          [],
        ),
      ]);
  });

  test("resize to Common Runtime size is rejected", () => {
    app(createdInSpace)
      .when(decideScaleFormation, scale([{ type: "web", size: "Standard-1X" }]))
      .thenFails(
        "invalid_params",
        'Dyno size "Standard-1X" is not available for this app: use Private-S, Private-M, Private-L.',
      );
  });

  test("resize to shield size is rejected", () => {
    app(createdInSpace)
      .when(decideScaleFormation, scale([{ type: "web", size: "Shield-S" }]))
      .thenFails("invalid_params", /Dyno size "Shield-S" is not available/);
  });

  test("resize to shield size in shield space", () => {
    app(createdInSpace)
      .when(
        decideScaleFormation,
        scale([{ type: "web", size: "shield-m" }], { shield: true }),
      )
      .then([changed([update("web", 0, 0, "Private-S", "Shield-M")], [], [])]);
  });

  test("invalid size rejects whole change", () => {
    app(createdInSpace)
      .when(
        decideScaleFormation,
        scale([
          { type: "web", quantity: 1 },
          { type: "worker", size: "Huge" },
        ]),
      )
      .thenFails("invalid_params", /Dyno size "Huge" is not available/);
  });

  test("restart without dynos is no-op", () => {
    app(createdInSpace).when(decideRestartDynos, restart({})).thenNothing();
  });

  test("restart of unknown type is not found", () => {
    app(createdInSpace)
      .when(decideRestartDynos, restart({ type: "nope" }))
      .thenFails("not_found", "Couldn't find that process type (nope).");
  });
});

describe("when the app was created outside a space", () => {
  test("evolve adds web and worker at Standard-1X", () => {
    const { state } = app(createdOutsideSpace);
    expect(state.formation).toStrictEqual(initialFormation("Standard-1X"));
    expect(processType(state, "web").size).toBe("Standard-1X");
    expect(processType(state, "worker").size).toBe("Standard-1X");
    expect(processType(state, "web").quantity).toBe(0);
    expect(processType(state, "worker").quantity).toBe(0);
  });

  test("scale starts Standard-1X dynos", () => {
    app(createdOutsideSpace)
      .when(decideScaleFormation, scale([{ type: "worker", quantity: 1 }]))
      .then([
        changed(
          [update("worker", 0, 1, "Standard-1X")],
          [slot("worker.1", "scale-2", "Standard-1X")],
          [],
        ),
      ]);
  });

  test("resize takes the canonical size", () => {
    app(createdOutsideSpace)
      .when(
        decideScaleFormation,
        scale([{ type: "web", size: "performance-m" }]),
      )
      .then([
        changed([update("web", 0, 0, "Standard-1X", "Performance-M")], [], []),
      ]);
  });

  test("resize to private size is rejected", () => {
    app(createdOutsideSpace)
      .when(decideScaleFormation, scale([{ type: "web", size: "Private-S" }]))
      .thenFails(
        "invalid_params",
        'Dyno size "Private-S" is not available for this app: use Eco, Basic, Standard-1X, Standard-2X, Performance-M, Performance-L.',
      );
  });
});

describe("when web runs 3 dynos", () => {
  test("evolve stores quantity and slots", () => {
    const { state } = app(...webRuns3);
    expect(processType(state, "web")).toStrictEqual({
      type: "web",
      quantity: 3,
      size: "Private-S",
      command: "web",
      dynos: new Map([
        [1, slot("web.1", "scale-1")],
        [2, slot("web.2", "scale-1")],
        [3, slot("web.3", "scale-1")],
      ]),
    });
    expect(processType(state, "worker").quantity).toBe(0);
    expect(processType(state, "worker").dynos.size).toBe(0);
  });

  test("scale to 5 starts web.4 and web.5", () => {
    app(...webRuns3)
      .when(decideScaleFormation, scale([{ type: "web", quantity: 5 }]))
      .then([
        changed([update("web", 3, 5)], slots("web", 4, 5, "scale-2"), []),
      ]);
  });

  test("scale +1 starts web.4", () => {
    app(...webRuns3)
      .when(decideScaleFormation, scale([{ type: "web", quantity: "+1" }]))
      .then([changed([update("web", 3, 4)], [slot("web.4", "scale-2")], [])]);
  });

  test("scale +1 refills stopped web.1", () => {
    const command = {
      ...scale([{ type: "web", quantity: "+1" }]),
      stoppedDynoIds: new Set(["scale-1-web.1"]),
    };
    app(...webRuns3)
      .when(decideScaleFormation, command)
      .then([
        changed(
          [update("web", 3, 4)],
          [slot("web.1", "scale-2"), slot("web.4", "scale-2")],
          [],
        ),
      ]);
  });

  test("same scale refills stopped web.2", () => {
    const command = {
      ...scale([{ type: "web", quantity: 3 }]),
      stoppedDynoIds: new Set(["scale-1-web.2"]),
    };
    app(...webRuns3)
      .when(decideScaleFormation, command)
      .then([changed([update("web", 3, 3)], [slot("web.2", "scale-2")], [])]);
  });

  test("scale to 1 stops web.3 then web.2", () => {
    app(...webRuns3)
      .when(decideScaleFormation, scale([{ type: "web", quantity: 1 }]))
      .then([
        changed([update("web", 3, 1)], [], slots("web", 3, 2, "scale-1")),
      ]);
  });

  test("scale -1 stops web.3", () => {
    app(...webRuns3)
      .when(decideScaleFormation, scale([{ type: "web", quantity: "-1" }]))
      .then([changed([update("web", 3, 2)], [], [slot("web.3", "scale-1")])]);
  });

  test("scale -5 stops at 0", () => {
    app(...webRuns3)
      .when(decideScaleFormation, scale([{ type: "web", quantity: "-5" }]))
      .then([
        changed([update("web", 3, 0)], [], slots("web", 3, 1, "scale-1")),
      ]);
  });

  // Only strings carry a relative change, so the number -1 is an absolute
  // quantity below 0.
  test("scale to number -1 is rejected", () => {
    app(...webRuns3)
      .when(decideScaleFormation, scale([{ type: "web", quantity: -1 }]))
      .thenFails("invalid_params", /Quantity -1 is invalid/);
  });

  test("scale to 3 is no-op", () => {
    app(...webRuns3)
      .when(decideScaleFormation, scale([{ type: "web", quantity: "3" }]))
      .thenNothing();
  });

  test("scale +98 is rejected", () => {
    app(...webRuns3)
      .when(decideScaleFormation, scale([{ type: "web", quantity: "+98" }]))
      .thenFails(
        "invalid_params",
        "Quantity 101 is over the limit of 100 dynos per process type.",
      );
  });

  test("scale of worker leaves web alone", () => {
    app(...webRuns3)
      .when(decideScaleFormation, scale([{ type: "worker", quantity: 1 }]))
      .then([
        changed([update("worker", 0, 1)], [slot("worker.1", "scale-2")], []),
      ]);
  });

  test("resize restarts every web dyno", () => {
    app(...webRuns3)
      .when(decideScaleFormation, scale([{ type: "web", size: "private-m" }]))
      .then([
        changed(
          [update("web", 3, 3, "Private-S", "Private-M")],
          slots("web", 1, 3, "scale-2", "Private-M"),
          slots("web", 3, 1, "scale-1"),
        ),
      ]);
  });

  test("resize and scale down to 1", () => {
    app(...webRuns3)
      .when(
        decideScaleFormation,
        scale([{ type: "web", quantity: 1, size: "Private-L" }]),
      )
      .then([
        changed(
          [update("web", 3, 1, "Private-S", "Private-L")],
          [slot("web.1", "scale-2", "Private-L")],
          slots("web", 3, 1, "scale-1"),
        ),
      ]);
  });

  test("resize and scale up to 4", () => {
    app(...webRuns3)
      .when(
        decideScaleFormation,
        scale([{ type: "web", quantity: "+1", size: "Private-L" }]),
      )
      .then([
        changed(
          [update("web", 3, 4, "Private-S", "Private-L")],
          slots("web", 1, 4, "scale-2", "Private-L"),
          slots("web", 3, 1, "scale-1"),
        ),
      ]);
  });

  test("restart of all replaces every dyno", () => {
    app(...webRuns3)
      .when(decideRestartDynos, restart({}))
      .then([
        restarted(
          slots("web", 1, 3, "scale-1"),
          slots("web", 1, 3, "restart-1"),
        ),
      ]);
  });

  test("restart of web replaces every web dyno", () => {
    app(...webRuns3)
      .when(decideRestartDynos, restart({ type: "web" }))
      .then([
        restarted(
          slots("web", 1, 3, "scale-1"),
          slots("web", 1, 3, "restart-1"),
        ),
      ]);
  });

  test("restart of web.2 replaces only web.2", () => {
    app(...webRuns3)
      .when(decideRestartDynos, restart({ name: "web.2" }))
      .then([
        restarted([slot("web.2", "scale-1")], [slot("web.2", "restart-1")]),
      ]);
  });

  test("restart of worker is no-op", () => {
    app(...webRuns3)
      .when(decideRestartDynos, restart({ type: "worker" }))
      .thenNothing();
  });

  test("restart of unknown dyno is no-op", () => {
    app(...webRuns3)
      .when(decideRestartDynos, restart({ name: "web.9" }))
      .thenNothing();
  });

  test("restart of web.2 as worker is no-op", () => {
    app(...webRuns3)
      .when(decideRestartDynos, restart({ type: "worker", name: "web.2" }))
      .thenNothing();
  });
});

describe("when web and worker run dynos", () => {
  const workerScaledTo2 = changed(
    [update("worker", 0, 2)],
    slots("worker", 1, 2, "scale-1"),
    [],
    AT,
  );
  const bothRun = [...webRuns3, workerScaledTo2];

  test("evolve stores both types", () => {
    const { state } = app(...bothRun);
    expect(processType(state, "web").quantity).toBe(3);
    expect(processType(state, "worker").quantity).toBe(2);
    expect(dynoIdsOf(state, "worker")).toStrictEqual([
      [1, "scale-1-worker.1"],
      [2, "scale-1-worker.2"],
    ]);
  });

  test("restart of all covers both types", () => {
    app(...bothRun)
      .when(decideRestartDynos, restart({}))
      .then([
        restarted(
          [
            ...slots("web", 1, 3, "scale-1"),
            ...slots("worker", 1, 2, "scale-1"),
          ],
          [
            ...slots("web", 1, 3, "restart-1"),
            ...slots("worker", 1, 2, "restart-1"),
          ],
        ),
      ]);
  });

  test("restart of worker replaces only workers", () => {
    app(...bothRun)
      .when(decideRestartDynos, restart({ type: "worker" }))
      .then([
        restarted(
          slots("worker", 1, 2, "scale-1"),
          slots("worker", 1, 2, "restart-1"),
        ),
      ]);
  });

  test("scale of both down to 0", () => {
    app(...bothRun)
      .when(
        decideScaleFormation,
        scale([
          { type: "web", quantity: 0 },
          { type: "worker", quantity: "-2" },
        ]),
      )
      .then([
        changed(
          [update("web", 3, 0), update("worker", 2, 0)],
          [],
          [
            ...slots("web", 3, 1, "scale-1"),
            ...slots("worker", 2, 1, "scale-1"),
          ],
        ),
      ]);
  });
});

describe("when web was scaled down to 1", () => {
  const scaledDown = [
    ...webRuns3,
    changed([update("web", 3, 1)], [], slots("web", 3, 2, "scale-1")),
  ];

  test("evolve keeps only web.1", () => {
    const { state } = app(...scaledDown);
    expect(processType(state, "web").quantity).toBe(1);
    expect(dynoIdsOf(state, "web")).toStrictEqual([[1, "scale-1-web.1"]]);
  });

  test("scale to 3 starts new web.2 and web.3", () => {
    app(...scaledDown)
      .when(decideScaleFormation, scale([{ type: "web", quantity: 3 }]))
      .then([
        changed([update("web", 1, 3)], slots("web", 2, 3, "scale-2"), []),
      ]);
  });

  test("evolve after scaling up again", () => {
    const { state } = app(
      ...scaledDown,
      changed([update("web", 1, 3)], slots("web", 2, 3, "scale-2"), []),
    );
    expect(processType(state, "web").quantity).toBe(3);
    expect(dynoIdsOf(state, "web")).toStrictEqual([
      [1, "scale-1-web.1"],
      [2, "scale-2-web.2"],
      [3, "scale-2-web.3"],
    ]);
  });
});

describe("when web was scaled to 5", () => {
  const webRuns5 = [
    createdInSpace,
    changed([update("web", 0, 5)], slots("web", 1, 5, "scale-1"), [], AT),
  ];

  test("scale to 2 stops web.5, web.4, web.3", () => {
    app(...webRuns5)
      .when(decideScaleFormation, scale([{ type: "web", quantity: 2 }]))
      .then([
        changed(
          [update("web", 5, 2)],
          [],
          [
            slot("web.5", "scale-1"),
            slot("web.4", "scale-1"),
            slot("web.3", "scale-1"),
          ],
        ),
      ]);
  });

  test("evolve after scaling to 2", () => {
    const { state } = app(
      ...webRuns5,
      changed([update("web", 5, 2)], [], slots("web", 5, 3, "scale-1")),
    );
    expect(processType(state, "web").quantity).toBe(2);
    expect(dynoIdsOf(state, "web")).toStrictEqual([
      [1, "scale-1-web.1"],
      [2, "scale-1-web.2"],
    ]);
  });
});

describe("when web was scaled down to 0", () => {
  const scaledTo0 = [
    ...webRuns3,
    changed([update("web", 3, 0)], [], slots("web", 3, 1, "scale-1")),
  ];

  test("evolve empties the slots", () => {
    const { state } = app(...scaledTo0);
    expect(processType(state, "web").quantity).toBe(0);
    expect(processType(state, "web").dynos.size).toBe(0);
  });

  test("scale +1 starts a new web.1", () => {
    app(...scaledTo0)
      .when(decideScaleFormation, scale([{ type: "web", quantity: "+1" }]))
      .then([changed([update("web", 0, 1)], [slot("web.1", "scale-2")], [])]);
  });

  test("restart is no-op", () => {
    app(...scaledTo0)
      .when(decideRestartDynos, restart({}))
      .thenNothing();
  });
});

describe("when web was resized", () => {
  const resized = [
    ...webRuns3,
    changed(
      [update("web", 3, 3, "Private-S", "Private-M")],
      slots("web", 1, 3, "scale-2", "Private-M"),
      slots("web", 3, 1, "scale-1"),
    ),
  ];

  test("evolve stores new size and dynos", () => {
    const { state } = app(...resized);
    expect(processType(state, "web")).toStrictEqual({
      type: "web",
      quantity: 3,
      size: "Private-M",
      command: "web",
      dynos: new Map([
        [1, slot("web.1", "scale-2", "Private-M")],
        [2, slot("web.2", "scale-2", "Private-M")],
        [3, slot("web.3", "scale-2", "Private-M")],
      ]),
    });
    expect(dynoIdsOf(state, "web").map(([index]) => index)).toStrictEqual([
      1, 2, 3,
    ]);
  });

  test("scale +1 starts web.4 at new size", () => {
    app(...resized)
      .when(
        decideScaleFormation,
        scale([{ type: "web", quantity: "+1" }], { command: "scale-3" }),
      )
      .then([
        changed(
          [update("web", 3, 4, "Private-M")],
          [slot("web.4", "scale-3", "Private-M")],
          [],
        ),
      ]);
  });

  test("resize back restarts resized dynos", () => {
    app(...resized)
      .when(
        decideScaleFormation,
        scale([{ type: "web", size: "Private-S" }], { command: "scale-3" }),
      )
      .then([
        changed(
          [update("web", 3, 3, "Private-M", "Private-S")],
          slots("web", 1, 3, "scale-3"),
          slots("web", 3, 1, "scale-2", "Private-M"),
        ),
      ]);
  });
});

describe("when web was restarted", () => {
  const webRestarted = [
    ...webRuns3,
    restarted(slots("web", 1, 3, "scale-1"), slots("web", 1, 3, "restart-1")),
  ];

  test("evolve keeps names with new ids", () => {
    const { state } = app(...webRestarted);
    expect(processType(state, "web").quantity).toBe(3);
    expect(processType(state, "web").dynos).toStrictEqual(
      new Map([
        [1, slot("web.1", "restart-1")],
        [2, slot("web.2", "restart-1")],
        [3, slot("web.3", "restart-1")],
      ]),
    );
  });

  test("scale to 1 stops restarted dynos", () => {
    app(...webRestarted)
      .when(decideScaleFormation, scale([{ type: "web", quantity: 1 }]))
      .then([
        changed([update("web", 3, 1)], [], slots("web", 3, 2, "restart-1")),
      ]);
  });

  test("resize stops restarted dynos", () => {
    app(...webRestarted)
      .when(decideScaleFormation, scale([{ type: "web", size: "Private-L" }]))
      .then([
        changed(
          [update("web", 3, 3, "Private-S", "Private-L")],
          slots("web", 1, 3, "scale-2", "Private-L"),
          slots("web", 3, 1, "restart-1"),
        ),
      ]);
  });
});

describe("when web.2 was restarted", () => {
  const web2Restarted = [
    ...webRuns3,
    restarted([slot("web.2", "scale-1")], [slot("web.2", "restart-1")]),
  ];

  test("evolve replaces only web.2", () => {
    const { state } = app(...web2Restarted);
    expect(dynoIdsOf(state, "web")).toStrictEqual([
      [1, "scale-1-web.1"],
      [2, "restart-1-web.2"],
      [3, "scale-1-web.3"],
    ]);
  });

  test("scale to 0 stops web.3, web.2, web.1", () => {
    app(...web2Restarted)
      .when(decideScaleFormation, scale([{ type: "web", quantity: 0 }]))
      .then([
        changed(
          [update("web", 3, 0)],
          [],
          [
            slot("web.3", "scale-1"),
            slot("web.2", "restart-1"),
            slot("web.1", "scale-1"),
          ],
        ),
      ]);
  });
});
