import { X509Certificate } from "node:crypto";
import type { IssuedChain } from "./certificate-issuer.js";

/** Reads validity, issuer and serial number from the leaf of a PEM chain. */
export function summarizeChain(chainPem: string): IssuedChain {
  const leaf = new X509Certificate(chainPem);
  return {
    chainPem,
    notBefore: new Date(leaf.validFrom).toISOString(),
    notAfter: new Date(leaf.validTo).toISOString(),
    issuer: oneLineName(leaf.issuer),
    serialNumber: leaf.serialNumber,
  };
}

/** Turns Node's multi-line distinguished name into OpenSSL's `/C=US/CN=...` form. */
function oneLineName(name: string): string {
  return name
    .split("\n")
    .filter((part) => part.length > 0)
    .map((part) => `/${part}`)
    .join("");
}
