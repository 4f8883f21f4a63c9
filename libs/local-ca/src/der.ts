/**
 * Minimal ASN.1 DER encoder and reader, covering only the types that an
 * X.509 v3 certificate needs. Every encoder returns the complete TLV
 * (tag, length, value) as a Buffer.
 */

/** Universal and context-specific tags used by X.509. */
export const Tag = {
  boolean: 0x01,
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  null: 0x05,
  objectIdentifier: 0x06,
  utf8String: 0x0c,
  ia5String: 0x16,
  utcTime: 0x17,
  generalizedTime: 0x18,
  sequence: 0x30,
  set: 0x31,
} as const;

export function encodeTlv(tag: number, value: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), encodeLength(value.length), value]);
}

function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) {
    bytes.unshift(rest % 256);
  }
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function sequence(...items: Buffer[]): Buffer {
  return encodeTlv(Tag.sequence, Buffer.concat(items));
}

export function set(...items: Buffer[]): Buffer {
  return encodeTlv(Tag.set, Buffer.concat(items));
}

export function boolean(value: boolean): Buffer {
  return encodeTlv(Tag.boolean, Buffer.from([value ? 0xff : 0x00]));
}

export function nullValue(): Buffer {
  return encodeTlv(Tag.null, Buffer.alloc(0));
}

/** Encodes a non-negative integer given as a number or as big-endian bytes. */
export function integer(value: number | Buffer): Buffer {
  let bytes: Buffer;
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new RangeError(`Expected a non-negative safe integer: ${value}`);
    }
    const hex = value.toString(16);
    bytes = Buffer.from(hex.length % 2 === 0 ? hex : `0${hex}`, "hex");
  } else {
    bytes = value;
  }
  // DER integers are minimal two's complement: drop leading zero bytes, then
  // add one back if the high bit would otherwise mark the value negative.
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start += 1;
  bytes = bytes.subarray(start);
  if (bytes.length === 0) bytes = Buffer.from([0]);
  if ((bytes[0] ?? 0) & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return encodeTlv(Tag.integer, bytes);
}

export function objectIdentifier(oid: string): Buffer {
  const arcs = oid.split(".").map((arc) => Number(arc));
  const [first, second, ...rest] = arcs;
  if (first === undefined || second === undefined) {
    throw new Error(`Invalid object identifier: ${oid}`);
  }
  const bytes: number[] = [];
  for (const arc of [first * 40 + second, ...rest]) {
    if (!Number.isSafeInteger(arc) || arc < 0) {
      throw new Error(`Invalid object identifier: ${oid}`);
    }
    // Base-128 digits, most significant first, with the high bit set on
    // every digit except the last.
    const digits = [arc % 128];
    for (
      let rest = Math.floor(arc / 128);
      rest > 0;
      rest = Math.floor(rest / 128)
    ) {
      digits.unshift(0x80 | (rest % 128));
    }
    bytes.push(...digits);
  }
  return encodeTlv(Tag.objectIdentifier, Buffer.from(bytes));
}

/** Encodes a BIT STRING whose last byte has `unusedBits` padding bits. */
export function bitString(bytes: Buffer, unusedBits = 0): Buffer {
  return encodeTlv(
    Tag.bitString,
    Buffer.concat([Buffer.from([unusedBits]), bytes]),
  );
}

export function octetString(bytes: Buffer): Buffer {
  return encodeTlv(Tag.octetString, bytes);
}

export function utf8String(text: string): Buffer {
  return encodeTlv(Tag.utf8String, Buffer.from(text, "utf8"));
}

/**
 * Encodes a certificate validity time as RFC 5280 requires: UTCTime for
 * years 1950 to 2049, GeneralizedTime otherwise, both in UTC to the second.
 */
export function time(date: Date): Buffer {
  const iso = date.toISOString(); // 2025-01-02T03:04:05.678Z
  const digits = iso.slice(0, 19).replace(/[-T:]/g, "") + "Z";
  const year = date.getUTCFullYear();
  if (year >= 1950 && year < 2050) {
    return encodeTlv(Tag.utcTime, Buffer.from(digits.slice(2), "ascii"));
  }
  return encodeTlv(Tag.generalizedTime, Buffer.from(digits, "ascii"));
}

/** Wraps `value` in an EXPLICIT context-specific constructed tag `[number]`. */
export function explicit(number: number, value: Buffer): Buffer {
  return encodeTlv(0xa0 | number, value);
}

/** Encodes `value` with an IMPLICIT context-specific primitive tag `[number]`. */
export function implicitPrimitive(number: number, value: Buffer): Buffer {
  return encodeTlv(0x80 | number, value);
}

export interface DerElement {
  tag: number;
  /** The complete TLV bytes. */
  encoded: Buffer;
  /** The value bytes only. */
  value: Buffer;
}

/** Reads the elements that directly follow each other in `bytes`. */
export function readElements(bytes: Buffer): DerElement[] {
  const elements: DerElement[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const tag = bytes[offset];
    let length = bytes[offset + 1];
    if (tag === undefined || length === undefined) {
      throw new Error("Truncated DER element");
    }
    let headerLength = 2;
    if (length & 0x80) {
      const lengthBytes = length & 0x7f;
      if (lengthBytes === 0 || lengthBytes > 4) {
        throw new Error("Unsupported DER length");
      }
      length = bytes.readUIntBE(offset + 2, lengthBytes);
      headerLength += lengthBytes;
    }
    const end = offset + headerLength + length;
    if (end > bytes.length) throw new Error("Truncated DER element");
    elements.push({
      tag,
      encoded: bytes.subarray(offset, end),
      value: bytes.subarray(offset + headerLength, end),
    });
    offset = end;
  }
  return elements;
}
