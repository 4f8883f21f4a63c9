import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  X509Certificate,
} from "node:crypto";
import { once } from "node:events";
import { chmodSync, mkdtempSync, rmSync, statSync, unlinkSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect, createServer, type TLSSocket } from "node:tls";

import {
  LOCAL_CA_COMMON_NAME,
  LocalCertificateAuthority,
  type LocalCaLogger,
} from "./local-ca.js";
import { integer, objectIdentifier } from "./der.js";
import {
  basicConstraintsExtension,
  buildCertificate,
  encodeName,
  ipAddressBytes,
} from "./x509.js";

const DAY_MS = 24 * 60 * 60 * 1000;

class RecordingLogger implements LocalCaLogger {
  readonly messages: string[] = [];
  log(message: string): void {
    this.messages.push(message);
  }
  warn(message: string): void {
    this.messages.push(message);
  }
}

describe("LocalCertificateAuthority", () => {
  let directory: string;
  let logger: RecordingLogger;
  const open = (clock?: () => Date) =>
    new LocalCertificateAuthority({ directory, logger, clock });

  beforeEach(() => {
    directory = join(mkdtempSync(join(tmpdir(), "local-ca-")), "ca");
    logger = new RecordingLogger();
  });
  afterEach(() =>
    rmSync(join(directory, ".."), { recursive: true, force: true }),
  );

  it("creates a 10-year CA with a 0600 key", () => {
    const ca = open().certificate;

    expect(ca.subject).toBe(`CN=${LOCAL_CA_COMMON_NAME}`);
    expect(ca.issuer).toBe(ca.subject);
    expect(ca.ca).toBe(true);
    expect(ca.verify(ca.publicKey)).toBe(true);
    const lifetimeDays =
      (Date.parse(ca.validTo) - Date.parse(ca.validFrom)) / DAY_MS;
    expect(Math.round(lifetimeDays)).toBe(3650);
    expect(statSync(join(directory, "ca-key.pem")).mode & 0o777).toBe(0o600);
    expect(statSync(directory).mode & 0o777).toBe(0o700);
  });

  it("reloads the same CA", () => {
    const first = open().certificatePem;
    const second = open();

    expect(second.certificatePem).toBe(first);
    const issued = second.issueServerCertificate(["localhost"], 30);
    const trusted = new X509Certificate(first);
    expect(
      new X509Certificate(issued.certificatePem).verify(trusted.publicKey),
    ).toBe(true);
    expect(logger.messages.some((m) => m.startsWith("Loaded local CA"))).toBe(
      true,
    );
  });

  it("issues certificates with DNS and IP SANs", () => {
    const authority = open();
    const issued = authority.issueServerCertificate(
      ["127.0.0.1", "Localhost", "::1", "*.apps.example.test"],
      30,
    );
    const certificate = new X509Certificate(issued.certificatePem);

    expect(certificate.verify(authority.certificate.publicKey)).toBe(true);
    expect(certificate.checkIssued(authority.certificate)).toBe(true);
    expect(certificate.ca).toBe(false);
    expect(certificate.keyUsage).toEqual(["1.3.6.1.5.5.7.3.1"]);
    expect(certificate.subject).toBe("CN=127.0.0.1");
    expect(certificate.checkIP("127.0.0.1")).toBe("127.0.0.1");
    expect(certificate.checkIP("::1")).toBe("::1");
    expect(certificate.checkIP("127.0.0.2")).toBeUndefined();
    expect(certificate.checkHost("localhost")).toBe("localhost");
    expect(certificate.checkHost("web.apps.example.test")).toBe(
      "*.apps.example.test",
    );
    expect(certificate.checkHost("example.test")).toBeUndefined();
    expect(
      certificate.checkPrivateKey(createPrivateKey(issued.privateKeyPem)),
    ).toBe(true);
    expect(issued.chainPem).toBe(
      issued.certificatePem + authority.certificatePem,
    );
    expect(issued.serialNumber).toBe(certificate.serialNumber);
    const lifetimeMs = Date.parse(certificate.validTo) - Date.now();
    expect(Math.round(lifetimeMs / DAY_MS)).toBe(30);
  });

  it("issues a new key and serial each time", () => {
    const authority = open();
    const first = authority.issueServerCertificate(["localhost"], 1);
    const second = authority.issueServerCertificate(["localhost"], 1);

    expect(second.serialNumber).not.toBe(first.serialNumber);
    expect(second.privateKeyPem).not.toBe(first.privateKeyPem);
  });

  it("caps validity at the CA expiry", () => {
    const caValidTo = Date.parse(open().certificate.validTo);
    const nearCaExpiry = new Date(caValidTo - 10 * DAY_MS);
    const issued = open(() => nearCaExpiry).issueServerCertificate(
      ["localhost"],
      397,
    );

    expect(issued.notAfter.getTime()).toBe(caValidTo);
  });

  it("rejects invalid hostnames and validity", () => {
    const authority = open();
    expect(() => authority.issueServerCertificate([], 30)).toThrow(
      "Missing hostnames",
    );
    expect(() => authority.issueServerCertificate(["bad host"], 30)).toThrow(
      "Invalid hostname",
    );
    expect(() => authority.issueServerCertificate(["a..b"], 30)).toThrow(
      "Invalid hostname",
    );
    expect(() => authority.issueServerCertificate(["localhost"], 0)).toThrow(
      RangeError,
    );
    expect(() => authority.issueServerCertificate(["localhost"], 1.5)).toThrow(
      RangeError,
    );
  });

  it("restores mode 0600 on the key file", () => {
    open().initialize();
    chmodSync(join(directory, "ca-key.pem"), 0o644);

    open().initialize();

    expect(statSync(join(directory, "ca-key.pem")).mode & 0o777).toBe(0o600);
  });

  it("rejects a folder without ca.pem", () => {
    open().initialize();
    unlinkSync(join(directory, "ca.pem"));

    expect(() => open().certificatePem).toThrow("but not");
  });

  it("rejects an expired CA certificate", () => {
    open().initialize();
    const later = new Date(Date.now() + 3651 * DAY_MS);

    expect(() => open(() => later).initialize()).toThrow("expired");
  });

  it("logs no key material", () => {
    const authority = open();
    const issued = authority.issueServerCertificate(["localhost"], 30);
    open().initialize();

    const logged = logger.messages.join("\n");
    expect(logged).not.toContain("PRIVATE KEY");
    const keyBody = issued.privateKeyPem.split("\n")[1] ?? "";
    expect(logged).not.toContain(keyBody);
  });

  it("serves TLS to clients trusting ca.pem", async () => {
    const authority = open();
    const issued = authority.issueServerCertificate(
      ["127.0.0.1", "localhost"],
      30,
    );
    const server = createServer(
      { cert: issued.chainPem, key: issued.privateKeyPem },
      (socket) => socket.end("hello over TLS"),
    );
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const { port } = server.address() as AddressInfo;
    try {
      const viaIp = await readAll(
        connect({ host: "127.0.0.1", port, ca: authority.certificatePem }),
      );
      expect(viaIp).toBe("hello over TLS");
      const viaName = await readAll(
        connect({
          host: "127.0.0.1",
          servername: "localhost",
          port,
          ca: authority.certificatePem,
        }),
      );
      expect(viaName).toBe("hello over TLS");

      const otherCa = new LocalCertificateAuthority({
        directory: join(directory, "..", "other-ca"),
        logger,
      });
      await expect(
        readAll(
          connect({ host: "127.0.0.1", port, ca: otherCa.certificatePem }),
        ),
      ).rejects.toThrow();
      await expect(
        readAll(
          connect({
            host: "127.0.0.1",
            servername: "other.test",
            port,
            ca: authority.certificatePem,
          }),
        ),
      ).rejects.toThrow(/other\.test/);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe("X.509 encoding helpers", () => {
  it("encodes minimal DER integers and OIDs", () => {
    expect(integer(0).toString("hex")).toBe("020100");
    expect(integer(127).toString("hex")).toBe("02017f");
    expect(integer(128).toString("hex")).toBe("02020080");
    expect(integer(0x0abc).toString("hex")).toBe("02020abc");
    expect(integer(Buffer.from([0, 0, 1])).toString("hex")).toBe("020101");
    expect(objectIdentifier("1.2.840.10045.4.3.2").toString("hex")).toBe(
      "06082a8648ce3d040302",
    );
  });

  it("converts IP addresses to bytes", () => {
    expect(ipAddressBytes("127.0.0.1").toString("hex")).toBe("7f000001");
    expect(ipAddressBytes("::1").toString("hex")).toBe(
      "00000000000000000000000000000001",
    );
    expect(ipAddressBytes("fe80::1:2").toString("hex")).toBe(
      "fe800000000000000000000000010002",
    );
    expect(ipAddressBytes("::ffff:10.1.2.3").toString("hex")).toBe(
      "00000000000000000000ffff0a010203",
    );
  });

  it("signs certificates with an RSA key", () => {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const subject = encodeName("RSA test CA");
    const pem = buildCertificate({
      serialNumber: Buffer.from([1]),
      issuer: subject,
      subject,
      notBefore: new Date(),
      notAfter: new Date(Date.now() + DAY_MS),
      publicKey: createPublicKey(privateKey),
      signingKey: privateKey,
      extensions: [basicConstraintsExtension(true)],
    });
    const certificate = new X509Certificate(pem);
    expect(certificate.verify(certificate.publicKey)).toBe(true);
    expect(certificate.ca).toBe(true);
  });
});

function readAll(socket: TLSSocket): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => (text += chunk));
    socket.on("error", reject);
    socket.on("end", () => resolve(text));
  });
}
