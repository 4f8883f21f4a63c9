import { createPublicKey, type KeyObject } from "node:crypto";

/**
 * Reads the subject public key of a PKCS#10 certificate signing request
 * (RFC 2986): CertificationRequest ::= SEQUENCE { info SEQUENCE { version,
 * subject, subjectPKInfo, ... }, ... }. The request's signature is not
 * checked, because the callers created the request themselves.
 */
export function publicKeyOfCsr(csrPem: string): KeyObject {
  const body = csrPem
    .replace(/-----(BEGIN|END) CERTIFICATE REQUEST-----/g, "")
    .replace(/\s+/g, "");
  const der = Buffer.from(body, "base64");
  const request = readElement(der, 0);
  const info = readElement(der, request.contentStart);
  const version = readElement(der, info.contentStart);
  const subject = readElement(der, version.end);
  const publicKeyInfo = readElement(der, subject.end);
  return createPublicKey({
    key: der.subarray(publicKeyInfo.start, publicKeyInfo.end),
    format: "der",
    type: "spki",
  });
}

interface DerElement {
  start: number;
  contentStart: number;
  end: number;
}

function readElement(der: Buffer, start: number): DerElement {
  const first = der[start + 1];
  if (der[start] === undefined || first === undefined)
    throw new Error("The certificate signing request is truncated.");
  if (first < 0x80) {
    const contentStart = start + 2;
    return { start, contentStart, end: contentStart + first };
  }
  const lengthBytes = first & 0x7f;
  let length = 0;
  for (let index = 0; index < lengthBytes; index += 1)
    length = length * 256 + (der[start + 2 + index] ?? 0);
  const contentStart = start + 2 + lengthBytes;
  return { start, contentStart, end: contentStart + length };
}
