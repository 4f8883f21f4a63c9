import { CertificateError } from "./certificate-error.js";

/** One `-----BEGIN <label>-----` … `-----END <label>-----` block. */
export interface PemBlock {
  label: string;
  /** The whole block, from its BEGIN line to its END line, with LF line ends. */
  text: string;
}

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\n[\s\S]*?\n?-----END \1-----/g;
const BEGIN_LINE = /-----BEGIN [A-Z0-9 ]+-----/g;

/**
 * Splits PEM text into its blocks, in order. CRLF and CR line ends become
 * LF, and text outside the blocks (whitespace, OpenSSL's "Bag Attributes"
 * or comment lines of CA bundles) is ignored. `field` names the request
 * field in error messages.
 */
export function readPemBlocks(
  input: string,
  field: string,
  maxBytes: number,
): PemBlock[] {
  const bytes = Buffer.byteLength(input, "utf8");
  if (bytes > maxBytes) {
    throw new CertificateError(
      "too-large",
      `${field} is ${bytes} bytes long, more than the limit of ${maxBytes} bytes.`,
    );
  }
  const text = input.replace(/\r\n?/g, "\n").trim();
  if (text === "") {
    throw new CertificateError("empty", `${field} is empty.`);
  }

  const blocks = [...text.matchAll(BLOCK)].map((match) => ({
    label: match[1] ?? "",
    text: match[0],
  }));
  const beginLines = text.match(BEGIN_LINE)?.length ?? 0;
  if (beginLines > blocks.length) {
    throw new CertificateError(
      "unterminated-block",
      `${field} has a BEGIN line without a matching END line: check that the PEM text was copied whole.`,
    );
  }
  return blocks;
}
