import { X509Certificate } from "node:crypto";
import { rootCertificates } from "node:tls";
import { CertificateError } from "./certificate-error.js";
import { readPemBlocks } from "./pem.js";

/** Maximum size of the extra CA bundle; Node 20's bundled roots take about 220 KB. */
const MAX_BUNDLE_BYTES = 4 * 1024 * 1024;

/**
 * Root certificates that make an uploaded chain "CA signed": Node's bundled
 * Mozilla roots (`tls.rootCertificates`) plus an optional extra bundle.
 */
export class TrustStore {
  private readonly roots: X509Certificate[];
  private readonly fingerprints: Set<string>;

  /** `extraBundle` is PEM text of more trusted roots, such as a test CA. */
  constructor(extraBundle?: string) {
    const extra = extraBundle
      ? readPemBlocks(extraBundle, "the trusted CA bundle", MAX_BUNDLE_BYTES)
          .filter((block) => block.label === "CERTIFICATE")
          .map((block) => block.text)
      : [];
    this.roots = [...rootCertificates, ...extra].map(parseRoot);
    this.fingerprints = new Set(this.roots.map((root) => root.fingerprint256));
  }

  get size(): number {
    return this.roots.length;
  }

  /**
   * Tells whether a chain, whose links the caller already verified, ends at
   * a trusted root: either it contains one, or a trusted root issued and
   * signed its last certificate.
   */
  anchors(chain: readonly X509Certificate[]): boolean {
    if (chain.some((cert) => this.fingerprints.has(cert.fingerprint256)))
      return true;
    const last = chain.at(-1);
    if (!last) return false;
    return this.roots.some(
      (root) =>
        root.subject === last.issuer &&
        last.checkIssued(root) &&
        last.verify(root.publicKey),
    );
  }
}

function parseRoot(pem: string, index: number): X509Certificate {
  try {
    return new X509Certificate(pem);
  } catch (error) {
    throw new CertificateError(
      "invalid-certificate",
      `Trusted root ${index + 1} is not a valid X.509 certificate: ${(error as Error).message}.`,
    );
  }
}
