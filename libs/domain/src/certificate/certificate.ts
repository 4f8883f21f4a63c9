import type { EncryptedSecret } from "../sni-endpoint/sni-endpoint.events.js";
import type {
  CertificateEvent,
  CertificateScope,
  CertificateTimerPurpose,
} from "./certificate.events.js";

/**
 * - `none`: never requested;
 * - `ordering`: an attempt runs or waits for its retry (also while renewing);
 * - `issued`: a certificate is served and no renewal runs;
 * - `failed`: the saga gave up on the last round of attempts;
 * - `retired`: never ordered again.
 */
export type CertificatePhase =
  "none" | "ordering" | "issued" | "failed" | "retired";

/** The certificate the router serves for the hostnames. */
export interface ServedCertificate {
  attempt: number;
  chainPem: string;
  privateKey: EncryptedSecret;
  notBefore: string;
  notAfter: string;
  issuer: string;
  serialNumber: string;
}

export interface PendingCertificateTimer {
  purpose: CertificateTimerPurpose;
  attempt: number;
}

export interface CertificateState {
  certificateId: string | null;
  scope: CertificateScope | null;
  appId: string | null;
  domainId: string | null;
  hostnames: string[];
  phase: CertificatePhase;
  /** Number of the last attempt; order keys and private keys belong to it. */
  attempt: number;
  /** Whether the last attempt still waits for its outcome. */
  attemptOpen: boolean;
  orderKey: string | null;
  privateKey: EncryptedSecret | null;
  /** Order the authority returned for the last attempt, so a resumed attempt completes it. */
  orderUrl: string | null;
  /** Failed attempts since the round started (request, renewal), which set the backoff. */
  failuresInRound: number;
  lastFailure: { problemType: string; detail: string } | null;
  /** Reason of the last give-up, while `failed`. */
  failureReason: string | null;
  served: ServedCertificate | null;
  pendingTimers: ReadonlyMap<string, PendingCertificateTimer>;
}

export const initialCertificate: CertificateState = {
  certificateId: null,
  scope: null,
  appId: null,
  domainId: null,
  hostnames: [],
  phase: "none",
  attempt: 0,
  attemptOpen: false,
  orderKey: null,
  privateKey: null,
  orderUrl: null,
  failuresInRound: 0,
  lastFailure: null,
  failureReason: null,
  served: null,
  pendingTimers: new Map(),
};

export const certificateStream = (certificateId: string): string =>
  `certificate-${certificateId}`;

export function evolveCertificate(
  state: CertificateState,
  event: CertificateEvent,
): CertificateState {
  switch (event.type) {
    case "CertificateRequested": {
      const { certificateId, scope, appId, domainId, hostnames } = event.data;
      return {
        ...state,
        certificateId,
        scope,
        appId,
        domainId,
        hostnames,
        phase: "ordering",
      };
    }
    case "CertificateOrderAttempted":
      return {
        ...state,
        attempt: event.data.attempt,
        attemptOpen: true,
        orderKey: event.data.orderKey,
        privateKey: event.data.privateKey,
        orderUrl: null,
      };
    case "CertificateOrderPlaced":
      return { ...state, orderUrl: event.data.orderUrl };
    case "CertificateOrderFailed":
      return {
        ...state,
        attemptOpen: false,
        failuresInRound: state.failuresInRound + 1,
        lastFailure: {
          problemType: event.data.problemType,
          detail: event.data.detail,
        },
      };
    case "CertificateTimerScheduled": {
      const pendingTimers = new Map(state.pendingTimers);
      const { timerId, purpose, attempt } = event.data;
      pendingTimers.set(timerId, { purpose, attempt });
      return { ...state, pendingTimers };
    }
    case "CertificateTimerFired":
      return fireTimer(state, event.data.timerId);
    case "CertificateIssued":
      return {
        ...state,
        phase: "issued",
        attemptOpen: false,
        failuresInRound: 0,
        lastFailure: null,
        failureReason: null,
        served: {
          attempt: event.data.attempt,
          chainPem: event.data.chainPem,
          // The key was recorded with the attempt; an Issued event without one cannot be decided.
          privateKey: state.privateKey ?? missingKey(event.data.certificateId),
          notBefore: event.data.notBefore,
          notAfter: event.data.notAfter,
          issuer: event.data.issuer,
          serialNumber: event.data.serialNumber,
        },
      };
    case "CertificateIssuanceFailed":
      return {
        ...state,
        phase: "failed",
        attemptOpen: false,
        failureReason: event.data.reason,
      };
    case "CertificateRefreshRequested":
      return {
        ...state,
        phase: "ordering",
        failuresInRound: 0,
        lastFailure: null,
        failureReason: null,
      };
    case "CertificateRetired":
      return {
        ...state,
        phase: "retired",
        attemptOpen: false,
        pendingTimers: new Map(),
      };
  }
}

function fireTimer(state: CertificateState, timerId: string): CertificateState {
  const timer = state.pendingTimers.get(timerId);
  const pendingTimers = new Map(state.pendingTimers);
  pendingTimers.delete(timerId);
  // A renewal starts a new round: the served certificate stays until a new one is issued.
  if (timer?.purpose === "renewal" && state.phase === "issued") {
    return {
      ...state,
      pendingTimers,
      phase: "ordering",
      failuresInRound: 0,
      lastFailure: null,
    };
  }
  return { ...state, pendingTimers };
}

function missingKey(certificateId: string): never {
  throw new Error(
    `Certificate ${certificateId} was issued for an attempt with no recorded private key.`,
  );
}

/** Checks whether the certificate needs an order: requested or renewing, not retired, not given up. */
export function isOrderWanted(state: CertificateState): boolean {
  return state.phase === "ordering";
}

/** ACM status of a domain in Heroku's wording; a null status reads as "Waiting". */
export interface AcmStatus {
  status: "cert issued" | "failing" | "failed" | null;
  reason: string | null;
}

/**
 * Maps a certificate to the ACM status Heroku shows for its domain:
 * `failed` once the saga gave up, `failing` while failed attempts are
 * retried, `cert issued` while a certificate is served, otherwise waiting.
 */
export function acmStatusOf(state: CertificateState): AcmStatus {
  switch (state.phase) {
    case "none":
    case "retired":
      return { status: null, reason: null };
    case "failed":
      return { status: "failed", reason: state.failureReason };
    case "ordering":
      if (state.lastFailure)
        return { status: "failing", reason: state.lastFailure.detail };
      return state.served
        ? { status: "cert issued", reason: null }
        : { status: null, reason: null };
    case "issued":
      return { status: "cert issued", reason: null };
  }
}
