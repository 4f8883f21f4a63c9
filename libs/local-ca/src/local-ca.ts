import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  X509Certificate,
  type KeyObject,
} from "node:crypto";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";

import { normalizeHostnames } from "./hostnames.js";
import {
  authorityKeyIdentifierExtension,
  basicConstraintsExtension,
  buildCertificate,
  encodeName,
  keyUsageExtension,
  serialNumberFrom,
  serverAuthExtension,
  subjectAltNameExtension,
  subjectKeyIdentifierExtension,
  subjectNameOf,
} from "./x509.js";

export const LOCAL_CA_COMMON_NAME = "Space Control Plane Local CA";
export const CA_CERTIFICATE_FILE = "ca.pem";
export const CA_PRIVATE_KEY_FILE = "ca-key.pem";

const DAY_MS = 24 * 60 * 60 * 1000;
const CA_VALIDITY_DAYS = 3650;
const MAX_SERVER_VALIDITY_DAYS = 3650;
/** Certificates start this long before their creation, to tolerate clock skew. */
const BACKDATE_MS = 5 * 60 * 1000;
const MAX_COMMON_NAME_LENGTH = 64;

/** Minimal logger interface that `console` and a NestJS `Logger` both satisfy. */
export interface LocalCaLogger {
  log(message: string): void;
  warn(message: string): void;
}

export interface LocalCertificateAuthorityOptions {
  /** Folder that contains ca.pem and ca-key.pem; created with mode 0700 when missing. */
  directory: string;
  /** Receives file and expiry messages, never key material; default `console`. */
  logger?: LocalCaLogger;
  /** Source of the current time; default `() => new Date()`. */
  clock?: () => Date;
}

export interface IssuedCertificate {
  certificatePem: string;
  /** Unencrypted PKCS#8 private key of the certificate. */
  privateKeyPem: string;
  /** The certificate followed by the CA certificate, as `tls.createServer({ cert })` expects. */
  chainPem: string;
  /** Serial number in upper-case hex, as `X509Certificate.serialNumber` prints it. */
  serialNumber: string;
  notAfter: Date;
}

interface CaMaterial {
  certificate: X509Certificate;
  certificatePem: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  subject: Buffer;
}

/**
 * A certificate authority whose key lives in a local folder. The first use
 * creates an EC P-256 key and a self-signed CA certificate valid for 10
 * years; later uses load them. Clients trust the authority through ca.pem,
 * for example with NODE_EXTRA_CA_CERTS.
 *
 * Two processes that create the authority in the same empty folder at the
 * same time can overwrite each other's files, so create it from one process.
 */
export class LocalCertificateAuthority {
  readonly certificatePath: string;
  readonly privateKeyPath: string;
  private readonly directory: string;
  private readonly logger: LocalCaLogger;
  private readonly clock: () => Date;
  private material: CaMaterial | undefined;

  constructor(options: LocalCertificateAuthorityOptions) {
    this.directory = options.directory;
    this.certificatePath = join(options.directory, CA_CERTIFICATE_FILE);
    this.privateKeyPath = join(options.directory, CA_PRIVATE_KEY_FILE);
    this.logger = options.logger ?? console;
    this.clock = options.clock ?? (() => new Date());
  }

  /**
   * Creates the CA files, or loads and checks them when they exist. Other
   * methods call it on first use; calling it at startup reports a broken CA
   * folder early. Later calls do nothing.
   */
  initialize(): void {
    this.load();
  }

  /** The CA certificate in PEM format, which clients add to their trusted CAs. */
  get certificatePem(): string {
    return this.load().certificatePem;
  }

  /** The CA certificate, after creating or loading the authority. */
  get certificate(): X509Certificate {
    return this.load().certificate;
  }

  /**
   * Issues a TLS server certificate with a new EC P-256 key. Each hostname
   * becomes a subject alternative name: IPv4 and IPv6 addresses as IP
   * addresses, anything else as a DNS name (`*.` wildcards allowed). The
   * certificate never outlives the CA certificate.
   */
  issueServerCertificate(
    hostnames: string[],
    validityDays: number,
  ): IssuedCertificate {
    const { publicKey, privateKey } = generateKeyPairSync("ec", {
      namedCurve: "prime256v1",
    });
    const signed = this.signServerCertificate(
      hostnames,
      publicKey,
      validityDays,
    );
    return {
      ...signed,
      privateKeyPem: privateKey
        .export({ type: "pkcs8", format: "pem" })
        .toString(),
    };
  }

  /**
   * Issues a TLS server certificate for a public key whose private key the
   * caller keeps, such as the key of a certificate signing request. The
   * hostnames and validity follow the rules of {@link issueServerCertificate}.
   */
  signServerCertificate(
    hostnames: string[],
    publicKey: KeyObject,
    validityDays: number,
  ): Omit<IssuedCertificate, "privateKeyPem"> {
    const names = normalizeHostnames(hostnames);
    if (
      !Number.isInteger(validityDays) ||
      validityDays < 1 ||
      validityDays > MAX_SERVER_VALIDITY_DAYS
    ) {
      throw new RangeError(
        `validityDays must be an integer from 1 to ${MAX_SERVER_VALIDITY_DAYS}: ${validityDays}`,
      );
    }
    const ca = this.load();
    const now = this.clock().getTime();
    const caNotAfter = new Date(ca.certificate.validTo).getTime();
    const notAfter = new Date(
      Math.min(now + validityDays * DAY_MS, caNotAfter),
    );
    const commonName =
      names.find((name) => name.length <= MAX_COMMON_NAME_LENGTH) ??
      "Space Control Plane server";
    const certificatePem = buildCertificate({
      serialNumber: serialNumberFrom(randomBytes(16)),
      issuer: ca.subject,
      subject: encodeName(commonName),
      notBefore: new Date(now - BACKDATE_MS),
      notAfter,
      publicKey,
      signingKey: ca.privateKey,
      extensions: [
        basicConstraintsExtension(false),
        keyUsageExtension(["digitalSignature"]),
        serverAuthExtension(),
        subjectAltNameExtension(names),
        subjectKeyIdentifierExtension(publicKey),
        authorityKeyIdentifierExtension(ca.publicKey),
      ],
    });
    return {
      certificatePem,
      chainPem: certificatePem + ca.certificatePem,
      serialNumber: new X509Certificate(certificatePem).serialNumber,
      notAfter,
    };
  }

  private load(): CaMaterial {
    if (this.material) return this.material;
    mkdirSync(this.directory, { recursive: true, mode: 0o700 });
    const hasCertificate = existsSync(this.certificatePath);
    const hasKey = existsSync(this.privateKeyPath);
    if (hasCertificate !== hasKey) {
      const [found, missing] = hasCertificate
        ? [this.certificatePath, this.privateKeyPath]
        : [this.privateKeyPath, this.certificatePath];
      throw new Error(
        `Local CA folder has ${found} but not ${missing}. Restore the missing file, ` +
          `or delete both to create a new CA that clients must trust again.`,
      );
    }
    this.material = hasCertificate ? this.readFiles() : this.createFiles();
    return this.material;
  }

  private readFiles(): CaMaterial {
    this.restrictKeyFileMode();
    const certificatePem = readFileSync(this.certificatePath, "utf8");
    const certificate = new X509Certificate(certificatePem);
    const privateKey = createPrivateKey(readFileSync(this.privateKeyPath));
    if (!certificate.ca) {
      throw new Error(`${this.certificatePath} is not a CA certificate`);
    }
    if (!certificate.checkPrivateKey(privateKey)) {
      throw new Error(
        `${this.privateKeyPath} is not the private key of ${this.certificatePath}`,
      );
    }
    if (new Date(certificate.validTo).getTime() <= this.clock().getTime()) {
      throw new Error(
        `Local CA certificate ${this.certificatePath} expired on ${certificate.validTo}. ` +
          `Delete ${CA_CERTIFICATE_FILE} and ${CA_PRIVATE_KEY_FILE} to create a new CA that clients must trust again.`,
      );
    }
    this.logger.log(
      `Loaded local CA certificate ${this.certificatePath} (expires ${certificate.validTo})`,
    );
    return {
      certificate,
      certificatePem,
      privateKey,
      publicKey: createPublicKey(privateKey),
      subject: subjectNameOf(certificate.raw),
    };
  }

  private createFiles(): CaMaterial {
    const { publicKey, privateKey } = generateKeyPairSync("ec", {
      namedCurve: "prime256v1",
    });
    const now = this.clock().getTime();
    const subject = encodeName(LOCAL_CA_COMMON_NAME);
    const certificatePem = buildCertificate({
      serialNumber: serialNumberFrom(randomBytes(16)),
      issuer: subject,
      subject,
      notBefore: new Date(now - BACKDATE_MS),
      notAfter: new Date(now + CA_VALIDITY_DAYS * DAY_MS),
      publicKey,
      signingKey: privateKey,
      extensions: [
        basicConstraintsExtension(true, 0),
        keyUsageExtension(["keyCertSign", "cRLSign"]),
        subjectKeyIdentifierExtension(publicKey),
      ],
    });
    const keyPem = privateKey.export({ type: "pkcs8", format: "pem" });
    // The key goes in first, so a crash in between leaves a key without a
    // certificate, which load() reports, and never a certificate without its key.
    writeAtomically(this.privateKeyPath, keyPem, 0o600);
    writeAtomically(this.certificatePath, certificatePem, 0o644);
    const certificate = new X509Certificate(certificatePem);
    this.logger.log(
      `Created local CA certificate ${this.certificatePath} (expires ${certificate.validTo})`,
    );
    return { certificate, certificatePem, privateKey, publicKey, subject };
  }

  private restrictKeyFileMode(): void {
    if (process.platform === "win32") return;
    const mode = statSync(this.privateKeyPath).mode & 0o777;
    if ((mode & 0o077) !== 0) {
      chmodSync(this.privateKeyPath, 0o600);
      this.logger.warn(
        `Changed mode of ${this.privateKeyPath} from ${mode.toString(8)} to 600`,
      );
    }
  }
}

function writeAtomically(path: string, data: string | Buffer, mode: number) {
  const temporaryPath = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  writeFileSync(temporaryPath, data, { mode, flag: "wx" });
  // The umask can only remove bits, but chmod also fixes an unusual umask.
  chmodSync(temporaryPath, mode);
  renameSync(temporaryPath, path);
}
