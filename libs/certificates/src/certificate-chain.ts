import { X509Certificate } from "node:crypto";
import { CertificateError } from "./certificate-error.js";
import { MAX_CHAIN_BYTES, MAX_CHAIN_CERTIFICATES } from "./limits.js";
import { readPemBlocks } from "./pem.js";

const FIELD = "certificate_chain";

/** A parsed chain, leaf first, and its normalized PEM text. */
export interface ParsedChain {
  certificates: X509Certificate[];
  /** The CERTIFICATE blocks joined by newlines, with a final newline. */
  pem: string;
}

/** Parses `certificate_chain`: one or more CERTIFICATE blocks, leaf first. */
export function parseCertificateChain(input: string): ParsedChain {
  const blocks = readPemBlocks(input, FIELD, MAX_CHAIN_BYTES);
  if (blocks.length === 0) {
    throw new CertificateError(
      "no-certificate",
      `No PEM certificate found in ${FIELD}.`,
    );
  }
  const stray = blocks.findIndex((block) => block.label !== "CERTIFICATE");
  if (stray >= 0) {
    const label = blocks[stray]?.label ?? "";
    const hint = label.endsWith("PRIVATE KEY")
      ? " Send the private key in private_key instead."
      : "";
    throw new CertificateError(
      "unexpected-block",
      `${FIELD} may contain only CERTIFICATE blocks, but block ${stray + 1} is a ${label}.${hint}`,
    );
  }
  if (blocks.length > MAX_CHAIN_CERTIFICATES) {
    throw new CertificateError(
      "too-many-certificates",
      `${FIELD} contains ${blocks.length} certificates, more than the limit of ${MAX_CHAIN_CERTIFICATES}: send the leaf and its intermediates only.`,
    );
  }

  const certificates = blocks.map((block, index) =>
    parseCertificate(block.text, index),
  );
  const pem = `${blocks.map((block) => block.text).join("\n")}\n`;
  return { certificates, pem };
}

/**
 * Checks that each certificate was issued and signed by the next one, so
 * the chain is in order from the leaf up. Positions in messages count from 1.
 */
export function verifyChainLinks(
  certificates: readonly X509Certificate[],
): void {
  for (let index = 0; index + 1 < certificates.length; index += 1) {
    const child = certificates[index]!;
    const parent = certificates[index + 1]!;
    if (!child.checkIssued(parent) || !child.verify(parent.publicKey)) {
      throw new CertificateError(
        "chain-broken",
        `The certificate chain is not valid: certificate ${index + 2} did not sign certificate ${index + 1}. Order the chain from the leaf to the root, each certificate followed by its issuer.`,
      );
    }
  }
}

function parseCertificate(pem: string, index: number): X509Certificate {
  try {
    return new X509Certificate(pem);
  } catch (error) {
    throw new CertificateError(
      "invalid-certificate",
      `Certificate ${index + 1} in ${FIELD} is not a valid X.509 certificate (${(error as Error).message}).`,
    );
  }
}
