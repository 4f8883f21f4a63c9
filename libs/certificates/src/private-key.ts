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
 * ignored.
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
  try {
    return { key: createPrivateKey(block.text), pem: `${block.text}\n` };
  } catch (error) {
    throw new CertificateError(
      "invalid-private-key",
      `The ${block.label} in ${FIELD} is not a valid private key (${(error as Error).message}).`,
    );
  }
}
