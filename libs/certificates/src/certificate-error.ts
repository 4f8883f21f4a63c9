/** Reasons to reject an uploaded certificate chain or private key. */
export type CertificateErrorKind =
  | "empty"
  | "too-large"
  | "no-certificate"
  | "unterminated-block"
  | "unexpected-block"
  | "too-many-certificates"
  | "invalid-certificate"
  | "no-private-key"
  | "several-private-keys"
  | "encrypted-private-key"
  | "invalid-private-key"
  | "key-mismatch"
  | "chain-broken"
  | "expired"
  | "not-yet-valid"
  | "no-domains";

/**
 * An uploaded certificate or key that cannot be used. The message names
 * the request field and what to fix, and never contains key material.
 */
export class CertificateError extends Error {
  constructor(
    readonly kind: CertificateErrorKind,
    message: string,
  ) {
    super(message);
    this.name = "CertificateError";
  }
}
