import type { DomainEvent } from "../shared/domain-event.js";
import type { EncryptedSecret } from "../sni-endpoint/sni-endpoint.events.js";

/** Kind of domain a managed certificate covers: the app's herokuapp.com name or one custom domain. */
export type CertificateScope = "default-domain" | "custom-domain";

export type CertificateRetirementReason =
  | "renamed"
  | "acm-disabled"
  | "domain-removed"
  | "app-destroyed"
  | "superseded";

/** Reason a timer of a certificate stream was scheduled. */
export type CertificateTimerPurpose = "retry" | "renewal";

/** Stream of one managed certificate: `certificate-<certificateId>`. */
export type CertificateRequested = DomainEvent<
  "CertificateRequested",
  {
    certificateId: string;
    scope: CertificateScope;
    appId: string;
    /** The custom domain's id, or null for the default domain. */
    domainId: string | null;
    hostnames: string[];
    at: string;
  }
>;
/**
 * Recorded before the certificate authority is called. The order key makes
 * the call idempotent, and the private key is encrypted with the stream id as
 * context, so a resumed attempt sends the same certificate signing request.
 */
export type CertificateOrderAttempted = DomainEvent<
  "CertificateOrderAttempted",
  {
    certificateId: string;
    attempt: number;
    orderKey: string;
    privateKey: EncryptedSecret;
    at: string;
  }
>;
/** The authority accepted the order; after a crash the saga resumes this order. */
export type CertificateOrderPlaced = DomainEvent<
  "CertificateOrderPlaced",
  {
    certificateId: string;
    attempt: number;
    orderKey: string;
    orderUrl: string;
    at: string;
  }
>;
export type CertificateOrderFailed = DomainEvent<
  "CertificateOrderFailed",
  {
    certificateId: string;
    attempt: number;
    /** The ACME problem type, such as `urn:ietf:params:acme:error:connection`. */
    problemType: string;
    detail: string;
    retryable: boolean;
    at: string;
  }
>;
/** A timer the certificate timer scheduler fires by appending {@link CertificateTimerFired} at `dueAt`. */
export type CertificateTimerScheduled = DomainEvent<
  "CertificateTimerScheduled",
  {
    timerId: string;
    certificateId: string;
    purpose: CertificateTimerPurpose;
    /** The attempt the timer starts when it fires. */
    attempt: number;
    dueAt: string;
    at: string;
  }
>;
export type CertificateTimerFired = DomainEvent<
  "CertificateTimerFired",
  { timerId: string; certificateId: string; at: string }
>;
export type CertificateIssued = DomainEvent<
  "CertificateIssued",
  {
    certificateId: string;
    attempt: number;
    /** PEM, leaf first. */
    chainPem: string;
    notBefore: string;
    notAfter: string;
    issuer: string;
    serialNumber: string;
    at: string;
  }
>;
/** The saga gave up on the current round of attempts. */
export type CertificateIssuanceFailed = DomainEvent<
  "CertificateIssuanceFailed",
  { certificateId: string; attempts: number; reason: string; at: string }
>;
/** The owner asked for a new round after the saga gave up (`certs:auto:refresh`). */
export type CertificateRefreshRequested = DomainEvent<
  "CertificateRefreshRequested",
  { certificateId: string; at: string }
>;
export type CertificateRetired = DomainEvent<
  "CertificateRetired",
  {
    certificateId: string;
    reason: CertificateRetirementReason;
    at: string;
  }
>;

export type CertificateEvent =
  | CertificateRequested
  | CertificateOrderAttempted
  | CertificateOrderPlaced
  | CertificateOrderFailed
  | CertificateTimerScheduled
  | CertificateTimerFired
  | CertificateIssued
  | CertificateIssuanceFailed
  | CertificateRefreshRequested
  | CertificateRetired;
