import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Test certificates made with the `openssl` command at test time. `openssl
 * ca` is used because, unlike `req -x509` before OpenSSL 3.4, it accepts any
 * start and end date, so expired and future certificates can be made too.
 */

export type KeyType = "rsa" | "ec";

export interface KeyOptions {
  /** `pkcs8` (`PRIVATE KEY`, the default) or `traditional` (`RSA PRIVATE KEY` / `EC PRIVATE KEY`). */
  format?: "pkcs8" | "traditional";
  /** Encrypts the key with AES-256 under this passphrase. */
  passphrase?: string;
}

export interface Issuer {
  certificate: string;
  key: string;
}

export interface CertificateOptions {
  /** OpenSSL's slash form, such as `/C=US/O=Example/CN=www.example.com`. */
  subject: string;
  /** DNS subject alternative names; none when omitted. */
  dnsNames?: string[];
  key: string;
  /** Signs with this CA; self-signed when omitted. */
  issuer?: Issuer;
  notBefore?: Date;
  notAfter?: Date;
  /** Marks the certificate as a CA that may sign others. */
  ca?: boolean;
}

/** A certificate with its key, both PEM. */
export interface KeyPair {
  certificate: string;
  key: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

const CONFIG = `[ca]
default_ca = ca_default
[ca_default]
dir = .
database = ./index.txt
new_certs_dir = .
serial = ./serial
default_md = sha256
policy = policy_any
unique_subject = no
copy_extensions = none
[policy_any]
countryName = optional
organizationName = optional
commonName = optional
[req]
distinguished_name = dn
prompt = no
[dn]
CN = placeholder
`;

/** Makes keys and certificates in a temporary folder; call `cleanup()` when done. */
export class OpensslFixtures {
  readonly dir = mkdtempSync(join(tmpdir(), "certificate-fixtures-"));
  private count = 0;

  constructor() {
    writeFileSync(join(this.dir, "ca.cnf"), CONFIG);
    writeFileSync(join(this.dir, "index.txt"), "");
    writeFileSync(join(this.dir, "serial"), "1000\n");
  }

  key(type: KeyType, options: KeyOptions = {}): string {
    const algorithm =
      type === "rsa"
        ? ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"]
        : ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"];
    const pkcs8 = this.openssl(["genpkey", ...algorithm]);
    const file = this.write("key", pkcs8);
    const args = ["pkey", "-in", file];
    if (options.format === "traditional") args.push("-traditional");
    if (options.passphrase)
      args.push("-aes256", "-passout", `pass:${options.passphrase}`);
    return this.openssl(args);
  }

  certificate(options: CertificateOptions): string {
    const now = Date.now();
    const notBefore = options.notBefore ?? new Date(now - DAY_MS);
    const notAfter = options.notAfter ?? new Date(now + 365 * DAY_MS);
    const keyFile = this.write("key", options.key);
    const csr = this.write(
      "csr",
      this.openssl([
        "req",
        "-new",
        "-config",
        "ca.cnf",
        "-key",
        keyFile,
        "-subj",
        options.subject,
      ]),
    );
    const extensions = this.write("ext", extensionsOf(options));
    const out = join(this.dir, `cert-${++this.count}.pem`);
    const signer = options.issuer
      ? [
          "-cert",
          this.write("issuer", options.issuer.certificate),
          "-keyfile",
          this.write("issuer-key", options.issuer.key),
        ]
      : ["-selfsign", "-keyfile", keyFile];
    this.openssl([
      "ca",
      "-batch",
      "-config",
      "ca.cnf",
      "-notext",
      "-preserveDN",
      ...signer,
      "-in",
      csr,
      "-out",
      out,
      "-extfile",
      extensions,
      "-startdate",
      generalizedTime(notBefore),
      "-enddate",
      generalizedTime(notAfter),
    ]);
    return readFileSync(out, "utf8");
  }

  /** Generates a new key and a certificate for it. */
  keyPair(type: KeyType, options: Omit<CertificateOptions, "key">): KeyPair {
    const key = this.key(type);
    return { key, certificate: this.certificate({ ...options, key }) };
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  private write(prefix: string, content: string): string {
    const file = join(this.dir, `${prefix}-${++this.count}.pem`);
    writeFileSync(file, content);
    return file;
  }

  private openssl(args: string[]): string {
    return execFileSync("openssl", args, {
      cwd: this.dir,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
  }
}

/** A root CA, an intermediate CA it signed, and a leaf the intermediate signed. */
export interface ThreeLevelChain {
  root: KeyPair;
  intermediate: KeyPair;
  leaf: KeyPair;
}

export function threeLevelChain(
  fixtures: OpensslFixtures,
  leafOptions: Omit<CertificateOptions, "key" | "issuer"> = {
    subject: "/CN=www.example.com",
    dnsNames: ["www.example.com"],
  },
): ThreeLevelChain {
  const root = fixtures.keyPair("ec", {
    subject: "/C=US/O=Example/CN=Example Test Root",
    ca: true,
  });
  const intermediate = fixtures.keyPair("ec", {
    subject: "/C=US/O=Example/CN=Example Test Intermediate",
    issuer: root,
    ca: true,
  });
  const leaf = fixtures.keyPair("ec", { ...leafOptions, issuer: intermediate });
  return { root, intermediate, leaf };
}

function extensionsOf(options: CertificateOptions): string {
  const lines = options.ca
    ? [
        "basicConstraints = critical, CA:true",
        "keyUsage = critical, keyCertSign, cRLSign",
      ]
    : ["basicConstraints = CA:false"];
  lines.push("subjectKeyIdentifier = hash");
  if (options.dnsNames?.length) {
    const names = options.dnsNames.map((name) => `DNS:${name}`).join(", ");
    lines.push(`subjectAltName = ${names}`);
  }
  return `${lines.join("\n")}\n`;
}

/** `YYYYMMDDHHMMSSZ`, the date form of `openssl ca -startdate`. */
function generalizedTime(date: Date): string {
  return `${date.toISOString().replace(/[-:T]/g, "").slice(0, 14)}Z`;
}
