import { createPrivateKey, type KeyObject } from "node:crypto";
import { CertificateError } from "./certificate-error.js";
import { MAX_PRIVATE_KEY_BYTES } from "./limits.js";
import { readPemBlocks } from "./pem.js";

const FIELD = "private_key";

/** A parsed private key and the PEM block it came from. */
export interface ParsedPrivateKey {
  key: KeyObject;
  /** The private key block alone, with a final newline. */
  pem: string;
}

/**
 * Parses `private_key`: one unencrypted PKCS#8 (`PRIVATE KEY`), PKCS#1
 * (`RSA PRIVATE KEY`) or SEC1 (`EC PRIVATE KEY`) block. Other blocks, such
 * as the `EC PARAMETERS` that `openssl ecparam -genkey` writes first, are
 * ignored. The key must be an RSA or EC key.
 */
export function parsePrivateKey(input: string): ParsedPrivateKey {
  const blocks = readPemBlocks(input, FIELD, MAX_PRIVATE_KEY_BYTES);
  const keys = blocks.filter((block) => block.label.endsWith("PRIVATE KEY"));
  if (keys.length === 0) {
    const hint = blocks.some((block) => block.label === "CERTIFICATE")
      ? ` It contains a certificate: send the certificate in certificate_chain and its key in ${FIELD}.`
      : "";
    throw new CertificateError(
      "no-private-key",
      `No PEM private key found in ${FIELD}.${hint}`,
    );
  }
  if (keys.length > 1) {
    throw new CertificateError(
      "several-private-keys",
      `${FIELD} contains ${keys.length} private keys: send only the key of the certificate.`,
    );
  }

  const block = keys[0]!;
  if (
    block.label === "ENCRYPTED PRIVATE KEY" ||
    /^Proc-Type: *4, *ENCRYPTED/m.test(block.text)
  ) {
    throw new CertificateError(
      "encrypted-private-key",
      `The private key in ${FIELD} is encrypted with a passphrase: decrypt it first, for example with "openssl pkey -in encrypted.key -out key.pem".`,
    );
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(block.text);
  } catch (error) {
    throw new CertificateError(
      "invalid-private-key",
      `The ${block.label} in ${FIELD} is not a valid private key (${(error as Error).message}).`,
    );
  }
  checkKeyType(key);
  return { key, pem: `${block.text}\n` };
}

/** Names of rejected key types as error messages show them, by `asymmetricKeyType`. */
const UNSUPPORTED_KEY_TYPES: Record<string, string> = {
  dsa: "DSA",
  dh: "DH",
  ed25519: "Ed25519",
  ed448: "Ed448",
  x25519: "X25519",
  x448: "X448",
  "rsa-pss": "RSA-PSS",
};

/**
 * Rejects keys other than RSA and EC, because the CA/Browser Forum Baseline
 * Requirements allow only those in server certificates, which is what
 * browsers accept. TLS 1.3 (RFC 8446) also dropped DSA.
 */
function checkKeyType(key: KeyObject): void {
  const type = key.asymmetricKeyType ?? "unknown";
  if (type === "rsa" || type === "ec") return;
  throw new CertificateError(
    "unsupported-key-type",
    `The private key in ${FIELD} has the key type ${UNSUPPORTED_KEY_TYPES[type] ?? type}, which web browsers do not accept in server certificates: send an RSA or EC (ECDSA) key and its certificate.`,
  );
}
