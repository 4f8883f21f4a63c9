import {
  acmStatusOf,
  type CertificateEvent,
  type CertificatePolicy,
  type CertificateRequested,
  type CertificateState,
  certificateTimerId,
  decideAttemptOrder,
  decideFireCertificateTimer,
  decideOrderOutcome,
  decideOrderPlaced,
  decideRefreshCertificate,
  decideRequestCertificate,
  decideRetireCertificate,
  type EncryptedSecret,
  evolveCertificate,
  initialCertificate,
  type OrderOutcome,
} from "../src/index.js";
import { given } from "./given-when-then.js";

const START = Date.parse("2024-05-01T10:00:00.000Z");
const CERT_ID = "cert-1";
const HOST = "my-app-0123456789ab.herokuapp.com";
const at = (seconds: number): string =>
  new Date(START + seconds * 1000).toISOString();
const now = (seconds: number): Date => new Date(START + seconds * 1000);

/** Waits 1 s after the first failure, 2 s after the second; renews halfway through. */
const policy: CertificatePolicy = {
  maxAttempts: 3,
  backoffMs: (failures) => 1000 * 2 ** (failures - 1),
  renewAt: (notBefore, notAfter) =>
    new Date((notBefore.getTime() + notAfter.getTime()) / 2),
};

const key = (n: number): EncryptedSecret => ({
  algorithm: "aes-256-gcm",
  keyId: "k",
  iv: `iv-${n}`,
  tag: `tag-${n}`,
  ciphertext: `key-${n}`,
});

const requested: CertificateRequested = {
  type: "CertificateRequested",
  data: {
    certificateId: CERT_ID,
    scope: "default-domain",
    appId: "app-1",
    domainId: null,
    hostnames: [HOST],
    at: at(0),
  },
};

const attempted = (attempt: number, seconds = 0): CertificateEvent => ({
  type: "CertificateOrderAttempted",
  data: {
    certificateId: CERT_ID,
    attempt,
    orderKey: `${CERT_ID}:${attempt}`,
    privateKey: key(attempt),
    at: at(seconds),
  },
});

const placed = (attempt: number, seconds = 0): CertificateEvent => ({
  type: "CertificateOrderPlaced",
  data: {
    certificateId: CERT_ID,
    attempt,
    orderKey: `${CERT_ID}:${attempt}`,
    orderUrl: `https://ca.test/order/${attempt}`,
    at: at(seconds),
  },
});

const issuedOutcome = (serial: string): OrderOutcome => ({
  kind: "issued",
  chainPem: `chain-${serial}`,
  notBefore: at(0),
  notAfter: at(1000),
  issuer: "/CN=Test CA",
  serialNumber: serial,
});

const connectionFailure: OrderOutcome = {
  kind: "failed",
  problemType: "urn:ietf:params:acme:error:connection",
  detail: "Connection refused",
  retryable: true,
};

const issued = (attempt: number, serial: string): CertificateEvent[] =>
  decideOrderOutcome(stateOf([requested, attempted(attempt)]), {
    attempt,
    outcome: issuedOutcome(serial),
    policy,
    now: now(1),
  }).map((event) =>
    event.type === "CertificateIssued"
      ? { ...event, data: { ...event.data, attempt } }
      : event,
  );

function stateOf(events: CertificateEvent[]): CertificateState {
  return events.reduce(evolveCertificate, initialCertificate);
}

const scenario = (events: CertificateEvent[] = []) =>
  given(evolveCertificate, initialCertificate, events);

describe("certificate request", () => {
  it("records the request once", () => {
    scenario().when(decideRequestCertificate, requested.data).then([requested]);
    scenario([requested])
      .when(decideRequestCertificate, requested.data)
      .thenNothing();
  });

  it("never reopens a retired certificate", () => {
    const retired: CertificateEvent = {
      type: "CertificateRetired",
      data: { certificateId: CERT_ID, reason: "renamed", at: at(5) },
    };
    scenario([requested, retired])
      .when(decideRequestCertificate, requested.data)
      .thenNothing();
  });
});

describe("certificate order attempt", () => {
  it("records the first attempt with its order key and key", () => {
    scenario([requested])
      .when(decideAttemptOrder, {
        attempt: 1,
        privateKey: key(1),
        at: at(0),
      })
      .then([attempted(1)]);
  });

  it("ignores a replayed or stale attempt", () => {
    scenario([requested, attempted(1)])
      .when(decideAttemptOrder, { attempt: 1, privateKey: key(9), at: at(0) })
      .thenNothing();
    scenario([requested, attempted(1)])
      .when(decideAttemptOrder, { attempt: 2, privateKey: key(2), at: at(0) })
      .thenNothing();
  });

  it("never orders for a retired certificate", () => {
    scenario([
      requested,
      {
        type: "CertificateRetired",
        data: { certificateId: CERT_ID, reason: "acm-disabled", at: at(1) },
      },
    ])
      .when(decideAttemptOrder, { attempt: 1, privateKey: key(1), at: at(2) })
      .thenNothing();
  });

  it("records the placed order once", () => {
    scenario([requested, attempted(1)])
      .when(decideOrderPlaced, {
        attempt: 1,
        orderUrl: "https://ca.test/order/1",
        at: at(0),
      })
      .then([placed(1)]);
    scenario([requested, attempted(1), placed(1)])
      .when(decideOrderPlaced, {
        attempt: 1,
        orderUrl: "https://ca.test/order/other",
        at: at(0),
      })
      .thenNothing();
  });
});

describe("certificate order outcome", () => {
  it("records the certificate and schedules its renewal", () => {
    const renewAt = at(500);
    scenario([requested, attempted(1), placed(1)])
      .when(decideOrderOutcome, {
        attempt: 1,
        outcome: issuedOutcome("01"),
        policy,
        now: now(1),
      })
      .then([
        {
          type: "CertificateIssued",
          data: {
            certificateId: CERT_ID,
            attempt: 1,
            chainPem: "chain-01",
            notBefore: at(0),
            notAfter: at(1000),
            issuer: "/CN=Test CA",
            serialNumber: "01",
            at: at(1),
          },
        },
        {
          type: "CertificateTimerScheduled",
          data: {
            timerId: certificateTimerId(CERT_ID, "renewal", 2, renewAt),
            certificateId: CERT_ID,
            purpose: "renewal",
            attempt: 2,
            dueAt: renewAt,
            at: at(1),
          },
        },
      ]);
  });

  it("retries a retryable failure with doubling backoff", () => {
    const failedOnce = [
      requested,
      attempted(1),
      ...decideOrderOutcome(stateOf([requested, attempted(1)]), {
        attempt: 1,
        outcome: connectionFailure,
        policy,
        now: now(0),
      }),
    ];
    expect(failedOnce.at(-1)).toMatchObject({
      type: "CertificateTimerScheduled",
      data: { purpose: "retry", attempt: 2, dueAt: at(1) },
    });
    scenario([...failedOnce, attempted(2, 1)])
      .when(decideOrderOutcome, {
        attempt: 2,
        outcome: connectionFailure,
        policy,
        now: now(1),
      })
      .then([
        {
          type: "CertificateOrderFailed",
          data: {
            certificateId: CERT_ID,
            attempt: 2,
            problemType: "urn:ietf:params:acme:error:connection",
            detail: "Connection refused",
            retryable: true,
            at: at(1),
          },
        },
        {
          type: "CertificateTimerScheduled",
          data: {
            timerId: certificateTimerId(CERT_ID, "retry", 3, at(3)),
            certificateId: CERT_ID,
            purpose: "retry",
            attempt: 3,
            dueAt: at(3),
            at: at(1),
          },
        },
      ]);
  });

  it("gives up after the last attempt of the round", () => {
    const history: CertificateEvent[] = [requested];
    for (let attempt = 1; attempt <= 2; attempt += 1) {
      history.push(attempted(attempt));
      history.push(
        ...decideOrderOutcome(stateOf(history), {
          attempt,
          outcome: connectionFailure,
          policy,
          now: now(attempt),
        }),
      );
    }
    history.push(attempted(3));
    const events = decideOrderOutcome(stateOf(history), {
      attempt: 3,
      outcome: connectionFailure,
      policy,
      now: now(10),
    });
    expect(events.map((event) => event.type)).toEqual([
      "CertificateOrderFailed",
      "CertificateIssuanceFailed",
    ]);
    expect(events[1]).toMatchObject({
      data: {
        attempts: 3,
        reason: "Connection refused (gave up after 3 attempts)",
      },
    });
  });

  it("gives up at once on a failure that is not retryable", () => {
    const events = decideOrderOutcome(stateOf([requested, attempted(1)]), {
      attempt: 1,
      outcome: { ...connectionFailure, retryable: false, detail: "Rejected" },
      policy,
      now: now(1),
    });
    expect(events.map((event) => event.type)).toEqual([
      "CertificateOrderFailed",
      "CertificateIssuanceFailed",
    ]);
    expect(events[1]).toMatchObject({ data: { reason: "Rejected" } });
  });

  it("ignores an outcome of a closed or other attempt", () => {
    const done = [requested, attempted(1), ...issued(1, "01")];
    scenario(done)
      .when(decideOrderOutcome, {
        attempt: 1,
        outcome: issuedOutcome("02"),
        policy,
        now: now(2),
      })
      .thenNothing();
    scenario([requested, attempted(1)])
      .when(decideOrderOutcome, {
        attempt: 2,
        outcome: issuedOutcome("02"),
        policy,
        now: now(2),
      })
      .thenNothing();
  });
});

describe("certificate timers", () => {
  const failed = (): CertificateEvent[] => {
    const history: CertificateEvent[] = [requested, attempted(1)];
    return [
      ...history,
      ...decideOrderOutcome(stateOf(history), {
        attempt: 1,
        outcome: connectionFailure,
        policy,
        now: now(0),
      }),
    ];
  };
  const retryTimer = certificateTimerId(CERT_ID, "retry", 2, at(1));

  it("fires a pending timer once", () => {
    scenario(failed())
      .when(decideFireCertificateTimer, { timerId: retryTimer, at: at(1) })
      .then([
        {
          type: "CertificateTimerFired",
          data: { timerId: retryTimer, certificateId: CERT_ID, at: at(1) },
        },
      ]);
    scenario([
      ...failed(),
      {
        type: "CertificateTimerFired",
        data: { timerId: retryTimer, certificateId: CERT_ID, at: at(1) },
      },
    ])
      .when(decideFireCertificateTimer, { timerId: retryTimer, at: at(2) })
      .thenNothing();
  });

  it("ignores a late timer of a retired certificate", () => {
    scenario([
      ...failed(),
      {
        type: "CertificateRetired",
        data: { certificateId: CERT_ID, reason: "renamed", at: at(0) },
      },
    ])
      .when(decideFireCertificateTimer, { timerId: retryTimer, at: at(5) })
      .thenNothing();
  });

  it("ignores a late retry timer once the attempt moved on", () => {
    // The retry of attempt 2 started already; its timer firing again starts nothing.
    scenario([...failed(), attempted(2, 1)])
      .when(decideAttemptOrder, { attempt: 2, privateKey: key(5), at: at(3) })
      .thenNothing();
  });
});

describe("certificate renewal", () => {
  const renewalTimer = certificateTimerId(CERT_ID, "renewal", 2, at(500));
  const issuedOnce = [requested, attempted(1), placed(1), ...issued(1, "01")];
  const renewing: CertificateEvent[] = [
    ...issuedOnce,
    {
      type: "CertificateTimerFired",
      data: { timerId: renewalTimer, certificateId: CERT_ID, at: at(500) },
    },
  ];

  it("starts a new attempt when the renewal timer fires", () => {
    scenario(renewing)
      .when(decideAttemptOrder, { attempt: 2, privateKey: key(2), at: at(500) })
      .then([attempted(2, 500)]);
  });

  it("keeps serving the old certificate until the new one", () => {
    const during = stateOf([...renewing, attempted(2, 500)]);
    expect(during.served?.serialNumber).toBe("01");
    expect(during.served?.privateKey).toEqual(key(1));
    expect(acmStatusOf(during)).toEqual({
      status: "cert issued",
      reason: null,
    });

    const renewed = stateOf([
      ...renewing,
      attempted(2, 500),
      ...decideOrderOutcome(stateOf([...renewing, attempted(2, 500)]), {
        attempt: 2,
        outcome: issuedOutcome("02"),
        policy,
        now: now(501),
      }),
    ]);
    expect(renewed.served?.serialNumber).toBe("02");
    expect(renewed.served?.privateKey).toEqual(key(2));
  });

  it("does not renew before the timer fires", () => {
    scenario(issuedOnce)
      .when(decideAttemptOrder, { attempt: 2, privateKey: key(2), at: at(2) })
      .thenNothing();
  });
});

describe("certificate retirement", () => {
  it("retires once", () => {
    const retired: CertificateEvent = {
      type: "CertificateRetired",
      data: { certificateId: CERT_ID, reason: "renamed", at: at(3) },
    };
    scenario([requested])
      .when(decideRetireCertificate, { reason: "renamed", at: at(3) })
      .then([retired]);
    scenario([requested, retired])
      .when(decideRetireCertificate, { reason: "app-destroyed", at: at(4) })
      .thenNothing();
  });

  it("retires nothing never requested", () => {
    scenario()
      .when(decideRetireCertificate, { reason: "renamed", at: at(3) })
      .thenNothing();
  });
});

describe("certificate refresh", () => {
  const gaveUp = (): CertificateEvent[] => [
    requested,
    attempted(1),
    ...decideOrderOutcome(stateOf([requested, attempted(1)]), {
      attempt: 1,
      outcome: { ...connectionFailure, retryable: false },
      policy,
      now: now(1),
    }),
  ];

  it("starts a new round after giving up", () => {
    const dueAt = at(60);
    scenario(gaveUp())
      .when(decideRefreshCertificate, { now: now(60) })
      .then([
        {
          type: "CertificateRefreshRequested",
          data: { certificateId: CERT_ID, at: dueAt },
        },
        {
          type: "CertificateTimerScheduled",
          data: {
            timerId: certificateTimerId(CERT_ID, "retry", 2, dueAt),
            certificateId: CERT_ID,
            purpose: "retry",
            attempt: 2,
            dueAt,
            at: dueAt,
          },
        },
      ]);
  });

  it("lets the next attempt run", () => {
    const refreshed = [
      ...gaveUp(),
      ...decideRefreshCertificate(stateOf(gaveUp()), { now: now(60) }),
    ];
    expect(acmStatusOf(stateOf(refreshed))).toEqual({
      status: null,
      reason: null,
    });
    scenario(refreshed)
      .when(decideAttemptOrder, { attempt: 2, privateKey: key(2), at: at(61) })
      .then([attempted(2, 61)]);
  });

  it("refreshes nothing that did not fail", () => {
    const retired: CertificateEvent = {
      type: "CertificateRetired",
      data: { certificateId: CERT_ID, reason: "renamed", at: at(3) },
    };
    for (const history of [
      [],
      [requested],
      [requested, attempted(1), ...issued(1, "01")],
      [...gaveUp(), retired],
    ]) {
      scenario(history)
        .when(decideRefreshCertificate, { now: now(60) })
        .thenNothing();
    }
  });
});

describe("ACM status", () => {
  it("is waiting before any outcome", () => {
    expect(acmStatusOf(stateOf([requested, attempted(1)]))).toEqual({
      status: null,
      reason: null,
    });
  });

  it("is cert issued once issued", () => {
    expect(
      acmStatusOf(stateOf([requested, attempted(1), ...issued(1, "01")])),
    ).toEqual({ status: "cert issued", reason: null });
  });

  it("is failing with the reason while retrying", () => {
    const history: CertificateEvent[] = [requested, attempted(1)];
    history.push(
      ...decideOrderOutcome(stateOf(history), {
        attempt: 1,
        outcome: connectionFailure,
        policy,
        now: now(0),
      }),
    );
    expect(acmStatusOf(stateOf(history))).toEqual({
      status: "failing",
      reason: "Connection refused",
    });
  });

  it("is failed with the reason after giving up", () => {
    const history: CertificateEvent[] = [requested, attempted(1)];
    history.push(
      ...decideOrderOutcome(stateOf(history), {
        attempt: 1,
        outcome: { ...connectionFailure, retryable: false, detail: "No" },
        policy,
        now: now(0),
      }),
    );
    expect(acmStatusOf(stateOf(history))).toEqual({
      status: "failed",
      reason: "No",
    });
  });

  it("is null once retired", () => {
    expect(
      acmStatusOf(
        stateOf([
          requested,
          attempted(1),
          ...issued(1, "01"),
          {
            type: "CertificateRetired",
            data: { certificateId: CERT_ID, reason: "renamed", at: at(9) },
          },
        ]),
      ),
    ).toEqual({ status: null, reason: null });
  });
});
