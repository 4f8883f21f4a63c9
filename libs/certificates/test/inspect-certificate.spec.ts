import { X509Certificate } from "node:crypto";
import {
  CertificateError,
  type CertificateErrorKind,
  type CertificateUpload,
  inspectCertificate,
  MAX_CHAIN_BYTES,
  TrustStore,
} from "../src/index.js";
import {
  type KeyPair,
  OpensslFixtures,
  type ThreeLevelChain,
  threeLevelChain,
} from "./openssl-fixtures.js";

const DAY_MS = 24 * 60 * 60 * 1000;
const NOW = new Date();
const NO_EXTRA_ROOTS = new TrustStore();

function inspect(upload: CertificateUpload, trustStore = NO_EXTRA_ROOTS) {
  return inspectCertificate(upload, NOW, trustStore);
}

function expectRejected(
  upload: CertificateUpload,
  kind: CertificateErrorKind,
  message: string | RegExp,
): void {
  let caught: unknown;
  try {
    inspect(upload);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(CertificateError);
  expect((caught as CertificateError).kind).toBe(kind);
  if (typeof message === "string")
    expect((caught as CertificateError).message).toBe(message);
  else expect((caught as CertificateError).message).toMatch(message);
}

function isoSeconds(text: string): string {
  return new Date(text).toISOString().replace(/\.\d{3}Z$/, "Z");
}

describe("inspectCertificate", () => {
  const fixtures = new OpensslFixtures();
  let selfSigned: KeyPair;
  let chain: ThreeLevelChain;

  beforeAll(() => {
    selfSigned = fixtures.keyPair("rsa", {
      subject: "/C=US/O=Example/CN=www.example.com",
      dnsNames: ["www.example.com", "example.com"],
    });
    chain = threeLevelChain(fixtures);
  });

  afterAll(() => fixtures.cleanup());

  describe("when the certificate is self-signed", () => {
    it("summarizes the leaf", () => {
      const leaf = new X509Certificate(selfSigned.certificate);
      const { summary } = inspect({
        certificateChain: selfSigned.certificate,
        privateKey: selfSigned.key,
      });
      expect(summary.certDomains).toEqual(["www.example.com", "example.com"]);
      expect(summary.subject).toBe("/C=US/O=Example/CN=www.example.com");
      expect(summary.issuer).toBe("/C=US/O=Example/CN=www.example.com");
      expect(summary.selfSigned).toBe(true);
      expect(summary.caSigned).toBe(false);
      expect(summary.startsAt).toBe(isoSeconds(leaf.validFrom));
      expect(summary.expiresAt).toBe(isoSeconds(leaf.validTo));
      expect(summary.startsAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(summary.serialNumber).toBe(leaf.serialNumber);
      expect(summary.fingerprint256).toBe(leaf.fingerprint256);
    });

    it("returns the chain and key as normalized PEM", () => {
      const crlf = (text: string) => `\r\n  ${text.replace(/\n/g, "\r\n")}\n\n`;
      const inspected = inspect({
        certificateChain: crlf(selfSigned.certificate),
        privateKey: crlf(selfSigned.key),
      });
      expect(inspected.certificateChain).toBe(selfSigned.certificate);
      expect(inspected.privateKey).toBe(selfSigned.key);
    });

    it("is CA signed once its root is trusted", () => {
      const trusted = new TrustStore(selfSigned.certificate);
      const { summary } = inspect(
        {
          certificateChain: selfSigned.certificate,
          privateKey: selfSigned.key,
        },
        trusted,
      );
      expect(summary.caSigned).toBe(true);
    });
  });

  describe("when a chain has an intermediate", () => {
    const upload = (): CertificateUpload => ({
      certificateChain: chain.leaf.certificate + chain.intermediate.certificate,
      privateKey: chain.leaf.key,
    });

    it("is not CA signed with an unknown root", () => {
      const { summary, certificateChain } = inspect(upload());
      expect(summary.caSigned).toBe(false);
      expect(summary.selfSigned).toBe(false);
      expect(summary.issuer).toBe(
        "/C=US/O=Example/CN=Example Test Intermediate",
      );
      expect(summary.subject).toBe("/CN=www.example.com");
      expect(certificateChain).toBe(
        `${chain.leaf.certificate}${chain.intermediate.certificate}`,
      );
    });

    it("is CA signed when its root is trusted", () => {
      const trusted = new TrustStore(chain.root.certificate);
      expect(inspect(upload(), trusted).summary.caSigned).toBe(true);
    });

    it("accepts the root at the end", () => {
      const trusted = new TrustStore(chain.root.certificate);
      const withRoot = {
        ...upload(),
        certificateChain: upload().certificateChain + chain.root.certificate,
      };
      expect(inspect(withRoot, trusted).summary.caSigned).toBe(true);
      expect(inspect(withRoot).summary.caSigned).toBe(false);
    });

    it("rejects a chain out of order", () => {
      expectRejected(
        {
          ...upload(),
          certificateChain:
            chain.leaf.certificate +
            chain.root.certificate +
            chain.intermediate.certificate,
        },
        "chain-broken",
        /^The certificate chain is not valid: certificate 2 did not sign certificate 1\. /,
      );
    });

    it("rejects a chain with an unrelated certificate", () => {
      expectRejected(
        {
          ...upload(),
          certificateChain: upload().certificateChain + selfSigned.certificate,
        },
        "chain-broken",
        /certificate 3 did not sign certificate 2\./,
      );
    });
  });

  describe("validity period", () => {
    it("rejects an expired certificate", () => {
      const expired = fixtures.keyPair("ec", {
        subject: "/CN=old.example.com",
        notBefore: new Date("2023-01-01T00:00:00Z"),
        notAfter: new Date("2024-01-01T00:00:00Z"),
      });
      expectRejected(
        { certificateChain: expired.certificate, privateKey: expired.key },
        "expired",
        "The certificate expired on 2024-01-01T00:00:00Z.",
      );
    });

    it("rejects a certificate not valid yet", () => {
      const future = fixtures.keyPair("ec", {
        subject: "/CN=soon.example.com",
        notBefore: new Date("2099-01-01T00:00:00Z"),
        notAfter: new Date("2100-01-01T00:00:00Z"),
      });
      expectRejected(
        { certificateChain: future.certificate, privateKey: future.key },
        "not-yet-valid",
        "The certificate is not valid before 2099-01-01T00:00:00Z: upload it from that time on.",
      );
    });

    it("checks against the given time", () => {
      const upload = {
        certificateChain: selfSigned.certificate,
        privateKey: selfSigned.key,
      };
      const later = new Date(NOW.getTime() + 400 * DAY_MS);
      expect(() => inspectCertificate(upload, later, NO_EXTRA_ROOTS)).toThrow(
        /^The certificate expired on /,
      );
    });
  });

  describe("private key", () => {
    it("rejects the key of another certificate", () => {
      expectRejected(
        {
          certificateChain: selfSigned.certificate,
          privateKey: chain.leaf.key,
        },
        "key-mismatch",
        "The private key does not match the certificate for www.example.com.",
      );
    });

    it.each([
      ["RSA PKCS#1", "rsa", "RSA PRIVATE KEY"],
      ["EC SEC1", "ec", "EC PRIVATE KEY"],
    ] as const)("accepts a %s key", (_label, type, header) => {
      const key = fixtures.key(type, { format: "traditional" });
      expect(key).toContain(`-----BEGIN ${header}-----`);
      const certificate = fixtures.certificate({
        subject: "/CN=api.example.com",
        key,
      });
      const inspected = inspect({
        certificateChain: certificate,
        privateKey: key,
      });
      expect(inspected.summary.certDomains).toEqual(["api.example.com"]);
      expect(inspected.privateKey).toBe(key);
    });

    it("accepts a PKCS#8 EC key", () => {
      const pair = fixtures.keyPair("ec", { subject: "/CN=ec.example.com" });
      expect(pair.key).toContain("-----BEGIN PRIVATE KEY-----");
      expect(
        inspect({ certificateChain: pair.certificate, privateKey: pair.key })
          .summary.certDomains,
      ).toEqual(["ec.example.com"]);
    });

    it("ignores EC PARAMETERS before the key", () => {
      const key = fixtures.key("ec", { format: "traditional" });
      const certificate = fixtures.certificate({
        subject: "/CN=ec.example.com",
        key,
      });
      const withParameters = `-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n${key}`;
      expect(
        inspect({ certificateChain: certificate, privateKey: withParameters })
          .privateKey,
      ).toBe(key);
    });

    it.each([
      ["PKCS#8", "pkcs8"],
      ["PKCS#1", "traditional"],
    ] as const)("rejects an encrypted %s key", (_label, format) => {
      const key = fixtures.key("rsa", { format, passphrase: "secret" });
      expectRejected(
        { certificateChain: selfSigned.certificate, privateKey: key },
        "encrypted-private-key",
        /^The private key in private_key is encrypted with a passphrase: decrypt it first/,
      );
    });

    it("rejects a certificate sent as the key", () => {
      expectRejected(
        {
          certificateChain: selfSigned.certificate,
          privateKey: selfSigned.certificate,
        },
        "no-private-key",
        "No PEM private key found in private_key. It contains a certificate: send the certificate in certificate_chain and its key in private_key.",
      );
    });

    it("rejects two keys", () => {
      expectRejected(
        {
          certificateChain: selfSigned.certificate,
          privateKey: selfSigned.key + chain.leaf.key,
        },
        "several-private-keys",
        "private_key contains 2 private keys: send only the key of the certificate.",
      );
    });

    it("rejects a corrupt key", () => {
      expectRejected(
        {
          certificateChain: selfSigned.certificate,
          privateKey:
            "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n",
        },
        "invalid-private-key",
        /^The PRIVATE KEY in private_key is not a valid private key \(/,
      );
    });

    it("rejects an empty key", () => {
      expectRejected(
        { certificateChain: selfSigned.certificate, privateKey: " \n" },
        "empty",
        "private_key is empty.",
      );
    });
  });

  describe("certificate_chain text", () => {
    const withChain = (certificateChain: string): CertificateUpload => ({
      certificateChain,
      privateKey: selfSigned.key,
    });

    it("rejects garbage", () => {
      expectRejected(
        withChain("this is not a certificate"),
        "no-certificate",
        "No PEM certificate found in certificate_chain.",
      );
    });

    it("rejects an empty chain", () => {
      expectRejected(
        withChain("\r\n "),
        "empty",
        "certificate_chain is empty.",
      );
    });

    it("rejects a private key in the chain", () => {
      expectRejected(
        withChain(selfSigned.certificate + selfSigned.key),
        "unexpected-block",
        "certificate_chain may contain only CERTIFICATE blocks, but block 2 is a PRIVATE KEY. Send the private key in private_key instead.",
      );
    });

    it("rejects a truncated block", () => {
      expectRejected(
        withChain(selfSigned.certificate.slice(0, 200)),
        "unterminated-block",
        /^certificate_chain has a BEGIN line without a matching END line/,
      );
    });

    it("rejects corrupt base64", () => {
      expectRejected(
        withChain(
          "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n",
        ),
        "invalid-certificate",
        /^Certificate 1 in certificate_chain is not a valid X\.509 certificate \(/,
      );
    });

    it("rejects more than 10 certificates", () => {
      expectRejected(
        withChain(selfSigned.certificate.repeat(11)),
        "too-many-certificates",
        "certificate_chain contains 11 certificates, more than the limit of 10: send the leaf and its intermediates only.",
      );
    });

    it("rejects an oversized chain", () => {
      const padding = "#".repeat(MAX_CHAIN_BYTES);
      expectRejected(
        withChain(selfSigned.certificate + padding),
        "too-large",
        new RegExp(
          `^certificate_chain is \\d+ bytes long, more than the limit of ${MAX_CHAIN_BYTES} bytes\\.$`,
        ),
      );
    });

    it("ignores text between blocks", () => {
      const annotated = `Bag Attributes\n    friendlyName: www\nsubject=/CN=www.example.com\n${selfSigned.certificate}# end\n`;
      expect(inspect(withChain(annotated)).certificateChain).toBe(
        selfSigned.certificate,
      );
    });
  });

  describe("certificate domains", () => {
    it("lists wildcard names", () => {
      const wildcard = fixtures.keyPair("ec", {
        subject: "/CN=*.example.com",
        dnsNames: ["*.example.com", "example.com"],
      });
      const { summary } = inspect({
        certificateChain: wildcard.certificate,
        privateKey: wildcard.key,
      });
      expect(summary.certDomains).toEqual(["*.example.com", "example.com"]);
    });

    it("falls back to the common name", () => {
      const pair = fixtures.keyPair("ec", {
        subject: "/O=Example/CN=legacy.example.com",
      });
      const { summary } = inspect({
        certificateChain: pair.certificate,
        privateKey: pair.key,
      });
      expect(summary.certDomains).toEqual(["legacy.example.com"]);
    });

    it("rejects a certificate without names", () => {
      const pair = fixtures.keyPair("ec", { subject: "/O=Example" });
      expectRejected(
        { certificateChain: pair.certificate, privateKey: pair.key },
        "no-domains",
        "The certificate names no domain: it has neither a DNS subject alternative name nor a common name.",
      );
    });
  });
});
