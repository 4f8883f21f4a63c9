import type { EncryptedSecret } from "../sni-endpoint/sni-endpoint.events.js";
import type {
  CertificateEvent,
  CertificateRequested,
  CertificateRetirementReason,
  CertificateTimerPurpose,
  CertificateTimerScheduled,
} from "./certificate.events.js";
import { type CertificateState, isOrderWanted } from "./certificate.js";

/** Retry and renewal settings of the issuance saga. */
export interface CertificatePolicy {
  /** Attempts in one round (first issuance or one renewal) before giving up. */
  maxAttempts: number;
  /** Wait after the `failures`-th failed attempt of a round, in milliseconds. */
  backoffMs: (failures: number) => number;
  /** When to start renewing a certificate valid from `notBefore` to `notAfter`. */
  renewAt: (notBefore: Date, notAfter: Date) => Date;
}

/** Result the certificate authority returned for one attempt's order. */
export type OrderOutcome =
  | {
      kind: "issued";
      chainPem: string;
      notBefore: string;
      notAfter: string;
      issuer: string;
      serialNumber: string;
    }
  | {
      kind: "failed";
      problemType: string;
      detail: string;
      retryable: boolean;
    };

export function decideRequestCertificate(
  state: CertificateState,
  command: Omit<CertificateRequested["data"], "hostnames"> & {
    hostnames: readonly string[];
  },
): CertificateEvent[] {
  if (state.phase !== "none") return [];
  return [
    {
      type: "CertificateRequested",
      data: { ...command, hostnames: [...command.hostnames] },
    },
  ];
}

/** Builds the order key of an attempt: one order per certificate and attempt. */
export function orderKeyOf(certificateId: string, attempt: number): string {
  return `${certificateId}:${attempt}`;
}

/**
 * Records attempt `attempt` with its private key before the authority is
 * called, or nothing when the attempt is stale, runs already or the
 * certificate no longer wants an order.
 */
export function decideAttemptOrder(
  state: CertificateState,
  command: { attempt: number; privateKey: EncryptedSecret; at: string },
): CertificateEvent[] {
  if (!isOrderWanted(state) || state.certificateId === null) return [];
  if (state.attemptOpen || command.attempt !== state.attempt + 1) return [];
  return [
    {
      type: "CertificateOrderAttempted",
      data: {
        certificateId: state.certificateId,
        attempt: command.attempt,
        orderKey: orderKeyOf(state.certificateId, command.attempt),
        privateKey: command.privateKey,
        at: command.at,
      },
    },
  ];
}

/** Records the order the authority returned for the open attempt, once. */
export function decideOrderPlaced(
  state: CertificateState,
  command: { attempt: number; orderUrl: string; at: string },
): CertificateEvent[] {
  if (!isAttemptOpen(state, command.attempt) || state.orderUrl !== null)
    return [];
  if (state.certificateId === null || state.orderKey === null) return [];
  return [
    {
      type: "CertificateOrderPlaced",
      data: {
        certificateId: state.certificateId,
        attempt: command.attempt,
        orderKey: state.orderKey,
        orderUrl: command.orderUrl,
        at: command.at,
      },
    },
  ];
}

/** Checks whether `attempt` is the open attempt of a certificate that still needs an order. */
export function isAttemptOpen(
  state: CertificateState,
  attempt: number,
): boolean {
  return isOrderWanted(state) && state.attemptOpen && state.attempt === attempt;
}

/**
 * Turns the authority's outcome for the open attempt into events: the
 * certificate and its renewal timer, or the failure followed by a retry
 * timer or, when retrying is pointless or the round is used up, a give-up.
 */
export function decideOrderOutcome(
  state: CertificateState,
  command: {
    attempt: number;
    outcome: OrderOutcome;
    policy: CertificatePolicy;
    now: Date;
  },
): CertificateEvent[] {
  const { attempt, outcome, policy, now } = command;
  if (!isAttemptOpen(state, attempt) || state.certificateId === null) return [];
  const certificateId = state.certificateId;
  const at = now.toISOString();
  if (outcome.kind === "issued") {
    const { chainPem, notBefore, notAfter, issuer, serialNumber } = outcome;
    const renewAt = policy.renewAt(
      new Date(outcome.notBefore),
      new Date(outcome.notAfter),
    );
    return [
      {
        type: "CertificateIssued",
        data: {
          certificateId,
          attempt,
          chainPem,
          notBefore,
          notAfter,
          issuer,
          serialNumber,
          at,
        },
      },
      timer(certificateId, "renewal", attempt + 1, renewAt, at),
    ];
  }
  const { problemType, detail, retryable } = outcome;
  const failures = state.failuresInRound + 1;
  const failed: CertificateEvent = {
    type: "CertificateOrderFailed",
    data: { certificateId, attempt, problemType, detail, retryable, at },
  };
  if (!retryable || failures >= policy.maxAttempts) {
    const reason = retryable
      ? `${detail} (gave up after ${failures} attempts)`
      : detail;
    return [
      failed,
      {
        type: "CertificateIssuanceFailed",
        data: { certificateId, attempts: failures, reason, at },
      },
    ];
  }
  const dueAt = new Date(now.getTime() + policy.backoffMs(failures));
  return [failed, timer(certificateId, "retry", attempt + 1, dueAt, at)];
}

/** Fires a pending timer; a timer of a retired certificate or one fired already records nothing. */
export function decideFireCertificateTimer(
  state: CertificateState,
  command: { timerId: string; at: string },
): CertificateEvent[] {
  if (state.certificateId === null || state.phase === "retired") return [];
  if (!state.pendingTimers.has(command.timerId)) return [];
  return [
    {
      type: "CertificateTimerFired",
      data: {
        timerId: command.timerId,
        certificateId: state.certificateId,
        at: command.at,
      },
    },
  ];
}

/**
 * Starts a new round of attempts for a certificate the saga gave up on: the
 * refresh and a retry timer due at once. Any other phase records nothing,
 * because a round runs already, a certificate is served or it is retired.
 */
export function decideRefreshCertificate(
  state: CertificateState,
  command: { now: Date },
): CertificateEvent[] {
  if (state.certificateId === null || state.phase !== "failed") return [];
  const at = command.now.toISOString();
  return [
    {
      type: "CertificateRefreshRequested",
      data: { certificateId: state.certificateId, at },
    },
    timer(state.certificateId, "retry", state.attempt + 1, command.now, at),
  ];
}

export function decideRetireCertificate(
  state: CertificateState,
  command: { reason: CertificateRetirementReason; at: string },
): CertificateEvent[] {
  if (state.certificateId === null || state.phase === "retired") return [];
  return [
    {
      type: "CertificateRetired",
      data: {
        certificateId: state.certificateId,
        reason: command.reason,
        at: command.at,
      },
    },
  ];
}

/** Timer ids derive from the certificate, purpose, attempt and due time, so a replayed step schedules nothing new. */
export function certificateTimerId(
  certificateId: string,
  purpose: CertificateTimerPurpose,
  attempt: number,
  dueAt: string,
): string {
  return `${certificateId}:${purpose}:${attempt}:${dueAt}`;
}

function timer(
  certificateId: string,
  purpose: CertificateTimerPurpose,
  attempt: number,
  due: Date,
  at: string,
): CertificateTimerScheduled {
  const dueAt = due.toISOString();
  return {
    type: "CertificateTimerScheduled",
    data: {
      timerId: certificateTimerId(certificateId, purpose, attempt, dueAt),
      certificateId,
      purpose,
      attempt,
      dueAt,
      at,
    },
  };
}
