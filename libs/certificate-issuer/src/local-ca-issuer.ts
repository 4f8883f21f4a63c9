import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import type { LocalCertificateAuthority } from "../../local-ca/src/index.js";
import {
  CertificateAuthorityError,
  type CertificateIssuer,
  type IssuedChain,
} from "./certificate-issuer.js";
import { summarizeChain } from "./chain-summary.js";
import { publicKeyOfCsr } from "./csr.js";

const ORDER_PREFIX = "local-ca:";

interface StoredOrder {
  orderKey: string;
  hostnames: string[];
  chainPem: string | null;
}

/**
 * Issues certificates from the embedded local CA. Orders are files in
 * `<ordersDir>/<hash of the order key>.json`, so placing an order twice
 * returns the same reference, and the issued chain is stored with its
 * order, so completing it twice returns the same certificate, across
 * restarts too.
 */
export class LocalCaIssuer implements CertificateIssuer {
  readonly name = "local";

  constructor(
    private readonly authority: LocalCertificateAuthority,
    private readonly ordersDir: string,
    private readonly validityDays: number,
  ) {}

  placeOrder(orderKey: string, hostnames: readonly string[]): Promise<string> {
    const id = createHash("sha256").update(orderKey).digest("hex");
    const path = this.pathOf(id);
    if (!existsSync(path)) {
      this.write(path, { orderKey, hostnames: [...hostnames], chainPem: null });
    }
    return Promise.resolve(`${ORDER_PREFIX}${id}`);
  }

  completeOrder(orderRef: string, csrPem: string): Promise<IssuedChain> {
    const id = orderRef.startsWith(ORDER_PREFIX)
      ? orderRef.slice(ORDER_PREFIX.length)
      : "";
    const path = this.pathOf(id);
    if (!/^[0-9a-f]{64}$/.test(id) || !existsSync(path)) {
      return Promise.reject(
        new CertificateAuthorityError(
          "urn:ietf:params:acme:error:malformed",
          `Order ${orderRef} does not exist.`,
          false,
        ),
      );
    }
    const order = JSON.parse(readFileSync(path, "utf8")) as StoredOrder;
    if (order.chainPem === null) {
      const signed = this.authority.signServerCertificate(
        order.hostnames,
        publicKeyOfCsr(csrPem),
        this.validityDays,
      );
      order.chainPem = signed.chainPem;
      this.write(path, order);
    }
    return Promise.resolve(summarizeChain(order.chainPem));
  }

  private pathOf(id: string): string {
    return join(this.ordersDir, `${id}.json`);
  }

  private write(path: string, order: StoredOrder): void {
    mkdirSync(this.ordersDir, { recursive: true, mode: 0o700 });
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(order));
    renameSync(temporary, path);
  }
}
