/** A certificate chain the authority issued, with the facts read from its leaf. */
export interface IssuedChain {
  /** PEM, leaf first. */
  chainPem: string;
  notBefore: string;
  notAfter: string;
  /** OpenSSL-style one-line name of the leaf's issuer. */
  issuer: string;
  serialNumber: string;
}

/**
 * A failure the certificate authority reported, or a failure to reach it.
 * `problemType` is the ACME problem type (RFC 8555 section 6.7) when the
 * authority sent one, or {@link CA_UNAVAILABLE} when it could not be reached.
 */
export class CertificateAuthorityError extends Error {
  constructor(
    readonly problemType: string,
    readonly detail: string,
    readonly retryable: boolean,
  ) {
    super(`${problemType}: ${detail}`);
    this.name = "CertificateAuthorityError";
  }
}

/** Problem type of a failure to reach the certificate authority at all. */
export const CA_UNAVAILABLE = "urn:space-control-plane:ca-unavailable";

/**
 * Port of the certificate authority. `placeOrder` is idempotent by `orderKey`
 * within one process. Across a crash, the saga records the returned order
 * reference and calls `completeOrder` with it instead of placing a second
 * order. Completing the same order again returns the same certificate.
 * Both methods throw {@link CertificateAuthorityError}.
 */
export interface CertificateIssuer {
  readonly name: string;
  placeOrder(orderKey: string, hostnames: readonly string[]): Promise<string>;
  completeOrder(orderRef: string, csrPem: string): Promise<IssuedChain>;
}
