import type { DomainEvent } from "../shared/domain-event.js";

/** A secret encrypted with AES-256-GCM under a key from configuration; all fields base64. */
export interface EncryptedSecret {
  algorithm: "aes-256-gcm";
  /** Identifies the configured key, so keys can be rotated. */
  keyId: string;
  iv: string;
  tag: string;
  ciphertext: string;
}

/** Facts read from the leaf of a certificate chain. */
export interface CertificateSummary {
  /** Subject alternative DNS names, or the common name when there are none. */
  certDomains: string[];
  startsAt: string;
  expiresAt: string;
  /** OpenSSL-style one-line names, for example `/C=US/O=Example/CN=www.example.com`. */
  issuer: string;
  subject: string;
  /** Whether the chain verifies up to a root the control plane trusts. */
  caSigned: boolean;
  selfSigned: boolean;
  serialNumber: string;
  fingerprint256: string;
}

/** Stream of one uploaded certificate: `sni-endpoint-<sniEndpointId>`. */
export type SniEndpointAdded = DomainEvent<
  "SniEndpointAdded",
  {
    sniEndpointId: string;
    appId: string;
    /** Unique within the app, for example `tokyo-12345`. */
    name: string;
    /** PEM, leaf first. */
    certificateChain: string;
    privateKey: EncryptedSecret;
    certificate: CertificateSummary;
    at: string;
  }
>;
export type SniEndpointUpdated = DomainEvent<
  "SniEndpointUpdated",
  {
    sniEndpointId: string;
    appId: string;
    certificateChain: string;
    privateKey: EncryptedSecret;
    certificate: CertificateSummary;
    at: string;
  }
>;
export type SniEndpointRemoved = DomainEvent<
  "SniEndpointRemoved",
  {
    sniEndpointId: string;
    appId: string;
    name: string;
    reason: "removed" | "app-destroyed";
    at: string;
  }
>;

export type SniEndpointEvent =
  SniEndpointAdded | SniEndpointUpdated | SniEndpointRemoved;
