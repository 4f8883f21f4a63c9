import { createHash, sign, type KeyObject } from "node:crypto";
import { isIP } from "node:net";

import {
  bitString,
  boolean,
  explicit,
  implicitPrimitive,
  integer,
  nullValue,
  objectIdentifier,
  octetString,
  readElements,
  sequence,
  set,
  time,
  utf8String,
} from "./der.js";

/**
 * Builds X.509 v3 certificates (RFC 5280) with `node:crypto` for keys and
 * signatures, because Node 20 cannot sign a certificate by itself.
 */

const Oid = {
  commonName: "2.5.4.3",
  organizationName: "2.5.4.10",
  basicConstraints: "2.5.29.19",
  keyUsage: "2.5.29.15",
  extendedKeyUsage: "2.5.29.37",
  subjectAltName: "2.5.29.17",
  subjectKeyIdentifier: "2.5.29.14",
  authorityKeyIdentifier: "2.5.29.35",
  serverAuth: "1.3.6.1.5.5.7.3.1",
  ecdsaWithSha256: "1.2.840.10045.4.3.2",
  ecdsaWithSha384: "1.2.840.10045.4.3.3",
  sha256WithRsaEncryption: "1.2.840.113549.1.1.11",
  ed25519: "1.3.101.112",
} as const;

export interface CertificateTemplate {
  /** Positive serial number, at most 20 bytes. */
  serialNumber: Buffer;
  /** DER-encoded issuer Name, byte for byte the subject of the issuing certificate. */
  issuer: Buffer;
  /** DER-encoded subject Name, see `encodeName`. */
  subject: Buffer;
  notBefore: Date;
  notAfter: Date;
  /** Public key that the certificate certifies. */
  publicKey: KeyObject;
  /** Private key of the issuer, or of the subject for a self-signed certificate. */
  signingKey: KeyObject;
  /** DER-encoded Extension elements, see the helpers below. */
  extensions: Buffer[];
}

/** Builds and signs a certificate, and returns it in PEM format. */
export function buildCertificate(template: CertificateTemplate): string {
  const { digest, algorithm } = signatureAlgorithm(template.signingKey);
  const tbsCertificate = sequence(
    explicit(0, integer(2)), // version v3
    integer(template.serialNumber),
    algorithm,
    template.issuer,
    sequence(time(template.notBefore), time(template.notAfter)),
    template.subject,
    template.publicKey.export({ type: "spki", format: "der" }),
    explicit(3, sequence(...template.extensions)),
  );
  const signature = sign(digest, tbsCertificate, template.signingKey);
  const der = sequence(tbsCertificate, algorithm, bitString(signature));
  return toPem(der, "CERTIFICATE");
}

export function toPem(der: Buffer, label: string): string {
  const lines = der.toString("base64").match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}

/** Encodes a Name with a common name and an optional organization. */
export function encodeName(commonName: string, organization?: string): Buffer {
  const attribute = (oid: string, value: string) =>
    set(sequence(objectIdentifier(oid), utf8String(value)));
  return sequence(
    ...(organization === undefined
      ? []
      : [attribute(Oid.organizationName, organization)]),
    attribute(Oid.commonName, commonName),
  );
}

/** Returns the DER-encoded subject Name of a DER-encoded certificate. */
export function subjectNameOf(certificateDer: Buffer): Buffer {
  const [certificate] = readElements(certificateDer);
  const fields = readElements(certificate?.value ?? Buffer.alloc(0));
  const tbsFields = readElements(fields[0]?.value ?? Buffer.alloc(0));
  // The version field [0] is optional, and the subject follows serial
  // number, signature algorithm, issuer and validity.
  const offset = tbsFields[0]?.tag === 0xa0 ? 1 : 0;
  const subject = tbsFields[offset + 4];
  if (!subject) throw new Error("Certificate has no subject");
  return subject.encoded;
}

/** Returns a random positive 16-byte serial number from `randomBytes`. */
export function serialNumberFrom(randomBytes: Buffer): Buffer {
  const serial = Buffer.from(randomBytes.subarray(0, 16));
  serial[0] = ((serial[0] ?? 0) & 0x7f) | 0x01;
  return serial;
}

/** Key identifier per RFC 5280 section 4.2.1.2 method 1: SHA-1 of the key bits. */
export function keyIdentifier(publicKey: KeyObject): Buffer {
  const spki = publicKey.export({ type: "spki", format: "der" });
  const [info] = readElements(spki);
  const keyBits = readElements(info?.value ?? Buffer.alloc(0))[1];
  if (!keyBits) throw new Error("Public key has no key bits");
  return createHash("sha1").update(keyBits.value.subarray(1)).digest();
}

function extension(oid: string, critical: boolean, value: Buffer): Buffer {
  return sequence(
    objectIdentifier(oid),
    ...(critical ? [boolean(true)] : []),
    octetString(value),
  );
}

export function basicConstraintsExtension(ca: boolean, pathLength?: number) {
  const fields = ca
    ? [
        boolean(true),
        ...(pathLength === undefined ? [] : [integer(pathLength)]),
      ]
    : [];
  return extension(Oid.basicConstraints, true, sequence(...fields));
}

const KEY_USAGE_BITS = {
  digitalSignature: 0,
  keyEncipherment: 2,
  keyCertSign: 5,
  cRLSign: 6,
} as const;

export type KeyUsage = keyof typeof KEY_USAGE_BITS;

export function keyUsageExtension(usages: KeyUsage[]): Buffer {
  let bits = 0;
  for (const usage of usages) bits |= 0x80 >> KEY_USAGE_BITS[usage];
  // DER drops trailing zero bits of a named bit list.
  let unusedBits = 0;
  while (unusedBits < 7 && (bits & (1 << unusedBits)) === 0) unusedBits += 1;
  return extension(
    Oid.keyUsage,
    true,
    bitString(Buffer.from([bits]), unusedBits),
  );
}

export function serverAuthExtension(): Buffer {
  return extension(
    Oid.extendedKeyUsage,
    false,
    sequence(objectIdentifier(Oid.serverAuth)),
  );
}

/** Subject alternative names: IP addresses as iPAddress, everything else as dNSName. */
export function subjectAltNameExtension(hostnames: string[]): Buffer {
  const names = hostnames.map((hostname) =>
    isIP(hostname) === 0
      ? implicitPrimitive(2, Buffer.from(hostname, "ascii"))
      : implicitPrimitive(7, ipAddressBytes(hostname)),
  );
  return extension(Oid.subjectAltName, false, sequence(...names));
}

export function subjectKeyIdentifierExtension(publicKey: KeyObject): Buffer {
  return extension(
    Oid.subjectKeyIdentifier,
    false,
    octetString(keyIdentifier(publicKey)),
  );
}

export function authorityKeyIdentifierExtension(issuerKey: KeyObject): Buffer {
  return extension(
    Oid.authorityKeyIdentifier,
    false,
    sequence(implicitPrimitive(0, keyIdentifier(issuerKey))),
  );
}

/** Returns the 4 or 16 network-order bytes of an IPv4 or IPv6 address. */
export function ipAddressBytes(address: string): Buffer {
  if (isIP(address) === 4) {
    return Buffer.from(address.split(".").map((part) => Number(part)));
  }
  if (isIP(address) !== 6) throw new Error(`Not an IP address: ${address}`);
  let text = address.split("%")[0] ?? address;
  // An embedded IPv4 tail such as ::ffff:127.0.0.1 becomes two hex groups.
  const ipv4Tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (ipv4Tail?.[1]) {
    const [a = 0, b = 0, c = 0, d = 0] = ipv4Tail[1].split(".").map(Number);
    const groups = `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
    text = text.slice(0, ipv4Tail.index) + groups;
  }
  const [head = "", tail] = text.split("::");
  const headGroups = head === "" ? [] : head.split(":");
  const tailGroups = tail === undefined || tail === "" ? [] : tail.split(":");
  const zeros = 8 - headGroups.length - tailGroups.length;
  const groups = [
    ...headGroups,
    ...Array<string>(zeros).fill("0"),
    ...tailGroups,
  ];
  const bytes = Buffer.alloc(16);
  groups.forEach((group, index) =>
    bytes.writeUInt16BE(parseInt(group, 16), index * 2),
  );
  return bytes;
}

function signatureAlgorithm(key: KeyObject): {
  digest: string | null;
  algorithm: Buffer;
} {
  const details = key.asymmetricKeyDetails;
  switch (key.asymmetricKeyType) {
    case "ec":
      if (details?.namedCurve === "prime256v1") {
        return {
          digest: "sha256",
          algorithm: sequence(objectIdentifier(Oid.ecdsaWithSha256)),
        };
      }
      if (details?.namedCurve === "secp384r1") {
        return {
          digest: "sha384",
          algorithm: sequence(objectIdentifier(Oid.ecdsaWithSha384)),
        };
      }
      break;
    case "rsa":
      return {
        digest: "sha256",
        algorithm: sequence(
          objectIdentifier(Oid.sha256WithRsaEncryption),
          nullValue(),
        ),
      };
    case "ed25519":
      return {
        digest: null,
        algorithm: sequence(objectIdentifier(Oid.ed25519)),
      };
  }
  throw new Error(
    `Unsupported signing key type: ${key.asymmetricKeyType ?? "unknown"} ${details?.namedCurve ?? ""}`.trim(),
  );
}
