import { execFileSync } from "node:child_process";
import {
  createPublicKey,
  generateKeyPairSync,
  X509Certificate,
} from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LocalCertificateAuthority } from "../../local-ca/src/index.js";
import { CertificateAuthorityError } from "./certificate-issuer.js";
import { publicKeyOfCsr } from "./csr.js";
import { LocalCaIssuer } from "./local-ca-issuer.js";

const HOST = "my-app-0123456789ab.herokuapp.com";
const quiet = { log: () => undefined, warn: () => undefined };

/** Makes a key and a CSR for `hostname` with openssl. */
function keyAndCsr(folder: string, hostname: string) {
  const { privateKey } = generateKeyPairSync("ec", {
    namedCurve: "prime256v1",
  });
  const keyPem = privateKey.export({ type: "pkcs8", format: "pem" });
  const keyFile = join(folder, `${hostname}.key`);
  writeFileSync(keyFile, keyPem);
  const csrPem = execFileSync("openssl", [
    "req",
    "-new",
    "-key",
    keyFile,
    "-subj",
    `/CN=${hostname}`,
    "-addext",
    `subjectAltName=DNS:${hostname}`,
  ]).toString();
  return { privateKey, csrPem };
}

describe("local CA issuer", () => {
  let folder: string;
  let authority: LocalCertificateAuthority;

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), "local-ca-issuer-"));
    authority = new LocalCertificateAuthority({
      directory: folder,
      logger: quiet,
    });
  });

  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  const issuer = () => new LocalCaIssuer(authority, join(folder, "orders"), 30);

  it("reads the public key of a CSR", () => {
    const { privateKey, csrPem } = keyAndCsr(folder, HOST);
    const expected = createPublicKey(privateKey).export({
      type: "spki",
      format: "der",
    });
    expect(
      publicKeyOfCsr(csrPem).export({ type: "spki", format: "der" }),
    ).toEqual(expected);
  });

  it("issues for the CSR's key and the order's hostnames", async () => {
    const { privateKey, csrPem } = keyAndCsr(folder, HOST);
    const orderRef = await issuer().placeOrder("cert-1:1", [HOST]);
    const chain = await issuer().completeOrder(orderRef, csrPem);
    const leaf = new X509Certificate(chain.chainPem);
    expect(leaf.subjectAltName).toBe(`DNS:${HOST}`);
    expect(leaf.checkPrivateKey(privateKey)).toBe(true);
    expect(leaf.verify(authority.certificate.publicKey)).toBe(true);
    expect(chain.serialNumber).toBe(leaf.serialNumber);
    expect(chain.issuer).toBe("/CN=Space Control Plane Local CA");
    const lifetime = Date.parse(chain.notAfter) - Date.parse(chain.notBefore);
    expect(Math.round(lifetime / 86_400_000)).toBe(30);
  });

  it("keeps one order per key and one certificate per order", async () => {
    const { csrPem } = keyAndCsr(folder, HOST);
    const first = await issuer().placeOrder("cert-1:1", [HOST]);
    expect(await issuer().placeOrder("cert-1:1", [HOST])).toBe(first);
    expect(await issuer().placeOrder("cert-1:2", [HOST])).not.toBe(first);
    const issued = await issuer().completeOrder(first, csrPem);
    // A new issuer instance, as after a restart, returns the stored chain.
    const again = await issuer().completeOrder(first, csrPem);
    expect(again).toEqual(issued);
  });

  it("rejects an unknown order", async () => {
    const { csrPem } = keyAndCsr(folder, HOST);
    await expect(
      issuer().completeOrder(`local-ca:${"0".repeat(64)}`, csrPem),
    ).rejects.toBeInstanceOf(CertificateAuthorityError);
    await expect(
      issuer().completeOrder("https://elsewhere/order/1", csrPem),
    ).rejects.toMatchObject({
      problemType: "urn:ietf:params:acme:error:malformed",
      retryable: false,
    });
  });
});
