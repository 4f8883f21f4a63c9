import type { X509Certificate } from "node:crypto";
import type { CertificateSummary } from "../../domain/src/index.js";
import { CertificateError } from "./certificate-error.js";
import {
  parseCertificateChain,
  verifyChainLinks,
} from "./certificate-chain.js";
import { commonNameOf, formatDistinguishedName } from "./distinguished-name.js";
import { parsePrivateKey } from "./private-key.js";
import { dnsNamesOf } from "./subject-alt-names.js";
import type { TrustStore } from "./trust-store.js";

/** A certificate chain and key that passed every check. */
export interface InspectedCertificate {
  /** The chain as normalized PEM, leaf first. */
  certificateChain: string;
  /** The private key block as normalized PEM. */
  privateKey: string;
  summary: CertificateSummary;
}

export interface CertificateUpload {
  /** PEM text of the leaf certificate followed by its intermediates. */
  certificateChain: string;
  /** PEM text of the leaf's unencrypted private key. */
  privateKey: string;
}

/**
 * Checks an uploaded certificate the way an SNI endpoint needs it: the
 * chain parses and is in order, the key is the leaf's, and the leaf is
 * valid at `now`. Throws a {@link CertificateError} for the first failed
 * check, otherwise returns the normalized PEM and what the leaf states.
 */
export function inspectCertificate(
  upload: CertificateUpload,
  now: Date,
  trustStore: TrustStore,
): InspectedCertificate {
  const chain = parseCertificateChain(upload.certificateChain);
  const key = parsePrivateKey(upload.privateKey);
  const leaf = chain.certificates[0]!;
  const certDomains = domainsOf(leaf);

  if (!leaf.checkPrivateKey(key.key)) {
    throw new CertificateError(
      "key-mismatch",
      `The private key does not match the certificate for ${certDomains[0]}.`,
    );
  }
  verifyChainLinks(chain.certificates);
  checkValidity(leaf, now);

  return {
    certificateChain: chain.pem,
    privateKey: key.pem,
    summary: {
      certDomains,
      startsAt: isoSeconds(validFrom(leaf)),
      expiresAt: isoSeconds(validTo(leaf)),
      issuer: formatDistinguishedName(leaf.issuer),
      subject: formatDistinguishedName(leaf.subject),
      caSigned: trustStore.anchors(chain.certificates),
      selfSigned: isSelfSigned(leaf),
      serialNumber: leaf.serialNumber,
      fingerprint256: leaf.fingerprint256,
    },
  };
}

/** DNS names of the subject alternative names, or the common name when there are none. */
function domainsOf(leaf: X509Certificate): string[] {
  const names = dnsNamesOf(leaf.subjectAltName);
  if (names.length > 0) return names;
  const commonName = commonNameOf(leaf.subject);
  if (commonName) return [commonName];
  throw new CertificateError(
    "no-domains",
    "The certificate names no domain: it has neither a DNS subject alternative name nor a common name.",
  );
}

function checkValidity(leaf: X509Certificate, now: Date): void {
  const expiresAt = validTo(leaf);
  if (now.getTime() > expiresAt.getTime()) {
    throw new CertificateError(
      "expired",
      `The certificate expired on ${isoSeconds(expiresAt)}.`,
    );
  }
  const startsAt = validFrom(leaf);
  if (now.getTime() < startsAt.getTime()) {
    throw new CertificateError(
      "not-yet-valid",
      `The certificate is not valid before ${isoSeconds(startsAt)}: upload it from that time on.`,
    );
  }
}

function isSelfSigned(cert: X509Certificate): boolean {
  return (
    cert.issuer === cert.subject &&
    cert.checkIssued(cert) &&
    cert.verify(cert.publicKey)
  );
}

// Node 20 has only the text forms (`Jan  1 00:00:00 2025 GMT`), which Date parses.
function validFrom(cert: X509Certificate): Date {
  return new Date(cert.validFrom);
}

function validTo(cert: X509Certificate): Date {
  return new Date(cert.validTo);
}

/** ISO 8601 in UTC without milliseconds, as the Platform API writes times. */
function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}
