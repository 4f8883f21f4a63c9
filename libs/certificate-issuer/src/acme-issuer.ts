import { createHash } from "node:crypto";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from "node:fs";
import { Agent, get } from "node:https";
import { dirname } from "node:path";
import acme from "acme-client";
import {
  CA_UNAVAILABLE,
  CertificateAuthorityError,
  type CertificateIssuer,
  type IssuedChain,
} from "./certificate-issuer.js";
import { summarizeChain } from "./chain-summary.js";
import type { ChallengeResponses } from "./challenge-responses.js";

export interface AcmeIssuerOptions {
  directoryUrl: string;
  /** PEM of extra roots to trust for the directory, such as Pebble's self-signed certificate. */
  caPem: string | null;
  /** Contact address of the ACME account, or null for none. */
  accountEmail: string | null;
  /** File of the account key; created with mode 0600 on first use. */
  accountKeyPath: string;
  challenges: ChallengeResponses;
  logger: { log(message: string): void; warn(message: string): void };
}

/** Problem types a new order would meet again, so retrying is pointless. */
const FINAL_PROBLEMS = new Set(
  [
    "malformed",
    "rejectedIdentifier",
    "unsupportedIdentifier",
    "badCSR",
    "caa",
    "unauthorized",
  ].map((name) => `urn:ietf:params:acme:error:${name}`),
);

const PROBE_TIMEOUT_MS = 5000;

type Order = acme.Order;

/**
 * Issues certificates from an ACME authority (Let's Encrypt, Pebble) with
 * http-01 challenges, whose responses the product serves from `challenges`.
 * The directory is probed before each use, because acme-client retries an
 * unreachable directory for more than a minute and then fails with an
 * unrelated TypeError.
 */
export class AcmeIssuer implements CertificateIssuer {
  readonly name = "acme";
  private readonly agent: Agent | undefined;
  private client: acme.Client | null = null;
  /** Orders placed by this process, by order key, so a repeated call places none. */
  private readonly placed = new Map<string, string>();

  constructor(private readonly options: AcmeIssuerOptions) {
    this.agent = options.caPem ? new Agent({ ca: options.caPem }) : undefined;
    // acme-client's own axios instance: the agent trusts the configured CA
    // for its requests only, never for the rest of the process.
    if (this.agent) acme.axios.defaults.httpsAgent = this.agent;
    // The saga retries with its own backoff, so a failing request fails fast.
    const defaults = acme.axios.defaults as unknown as {
      acmeSettings: Record<string, number>;
    };
    defaults.acmeSettings = {
      ...defaults.acmeSettings,
      retryMaxAttempts: 2,
      retryDefaultDelay: 1,
    };
  }

  async placeOrder(
    orderKey: string,
    hostnames: readonly string[],
  ): Promise<string> {
    const known = this.placed.get(orderKey);
    if (known) return known;
    const client = await this.connect();
    const order = await this.call("create the order", () =>
      client.createOrder({
        identifiers: hostnames.map((value) => ({ type: "dns", value })),
      }),
    );
    this.placed.set(orderKey, order.url);
    this.options.logger.log(
      `Placed ACME order ${order.url} for ${hostnames.join(", ")} (key ${orderKey})`,
    );
    return order.url;
  }

  async completeOrder(orderRef: string, csrPem: string): Promise<IssuedChain> {
    const client = await this.connect();
    let order = await this.call("read the order", () =>
      client.getOrder({ url: orderRef } as Order),
    );
    if (order.status === "pending") {
      await this.validate(client, order);
      order = await this.call("read the order", () => client.getOrder(order));
    }
    if (order.status === "ready") {
      order = await this.call("finalize the order", () =>
        client.finalizeOrder(order, csrPem),
      );
    }
    if (order.status === "processing") {
      order = await this.call("wait for the certificate", () =>
        client.waitForValidStatus(order),
      );
    }
    if (order.status !== "valid") {
      throw await this.failureOf(client, order);
    }
    const chainPem = await this.call("download the certificate", () =>
      client.getCertificate(order),
    );
    return summarizeChain(chainPem);
  }

  /** Registers a response for every pending http-01 challenge of the order and waits for its authorizations. */
  private async validate(client: acme.Client, order: Order): Promise<void> {
    const authorizations = await this.call("read the authorizations", () =>
      client.getAuthorizations(order),
    );
    for (const authorization of authorizations) {
      if (authorization.status !== "pending") continue;
      const challenge = authorization.challenges.find(
        (candidate) => candidate.type === "http-01",
      );
      if (!challenge) {
        throw new CertificateAuthorityError(
          "urn:ietf:params:acme:error:unsupportedIdentifier",
          `The authority offers no http-01 challenge for ${authorization.identifier.value}.`,
          false,
        );
      }
      const keyAuthorization =
        await client.getChallengeKeyAuthorization(challenge);
      this.options.challenges.register(challenge.token, keyAuthorization);
      try {
        await this.call("answer the challenge", () =>
          client.completeChallenge(challenge),
        );
        await client.waitForValidStatus(authorization).catch(() => undefined);
      } finally {
        this.options.challenges.remove(challenge.token);
      }
    }
  }

  /** Reads the problem the authority recorded on a failed challenge or order. */
  private async failureOf(
    client: acme.Client,
    order: Order,
  ): Promise<CertificateAuthorityError> {
    const authorizations = await this.call("read the authorizations", () =>
      client.getAuthorizations(order),
    );
    for (const authorization of authorizations) {
      for (const challenge of authorization.challenges) {
        const problem = challenge.error as
          { type?: string; detail?: string } | undefined;
        if (problem?.type) {
          const detail = `${authorization.identifier.value}: ${problem.detail ?? problem.type}`;
          return new CertificateAuthorityError(
            problem.type,
            detail,
            !FINAL_PROBLEMS.has(problem.type),
          );
        }
      }
    }
    const problem = (order as { error?: { type?: string; detail?: string } })
      .error;
    return new CertificateAuthorityError(
      problem?.type ?? "urn:ietf:params:acme:error:serverInternal",
      problem?.detail ?? `The order ended with status ${order.status}.`,
      true,
    );
  }

  private async connect(): Promise<acme.Client> {
    await this.probeDirectory();
    if (this.client) return this.client;
    const client = new acme.Client({
      directoryUrl: this.options.directoryUrl,
      accountKey: await this.accountKey(),
      backoffMin: 100,
      backoffMax: 2000,
      backoffAttempts: 15,
    });
    await this.call("register the account", () =>
      client.createAccount({
        termsOfServiceAgreed: true,
        ...(this.options.accountEmail
          ? { contact: [`mailto:${this.options.accountEmail}`] }
          : {}),
      }),
    );
    this.options.logger.log(
      `Using ACME account ${client.getAccountUrl()} at ${this.options.directoryUrl}`,
    );
    this.client = client;
    return client;
  }

  /** Fails fast with {@link CA_UNAVAILABLE} when the directory does not return 200. */
  private probeDirectory(): Promise<void> {
    const url = this.options.directoryUrl;
    return new Promise((resolve, reject) => {
      const unavailable = (reason: string) => {
        this.client = null;
        reject(
          new CertificateAuthorityError(
            CA_UNAVAILABLE,
            `The ACME directory ${url} is unavailable: ${reason}`,
            true,
          ),
        );
      };
      const request = get(
        url,
        { agent: this.agent, timeout: PROBE_TIMEOUT_MS },
        (response) => {
          response.resume();
          if (response.statusCode === 200) resolve();
          else unavailable(`HTTP ${response.statusCode}`);
        },
      );
      request.on("timeout", () =>
        request.destroy(new Error(`no response within ${PROBE_TIMEOUT_MS} ms`)),
      );
      request.on("error", (error) => unavailable(error.message));
    });
  }

  /** Reads the account key, or creates it on first use. */
  private async accountKey(): Promise<Buffer> {
    const path = this.options.accountKeyPath;
    if (existsSync(path)) return readFileSync(path);
    const key = await acme.crypto.createPrivateEcdsaKey("P-256");
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, key, { mode: 0o600 });
    chmodSync(temporary, 0o600);
    renameSync(temporary, path);
    this.options.logger.log(`Created ACME account key ${path}`);
    return key;
  }

  /**
   * Turns an error of acme-client into a retryable {@link CertificateAuthorityError}.
   * The account is registered again at the next use, because an authority
   * that lost its state (Pebble after a restart) has no record of it.
   */
  private async call<T>(step: string, action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      this.client = null;
      if (error instanceof CertificateAuthorityError) throw error;
      const message = error instanceof Error ? error.message : String(error);
      throw new CertificateAuthorityError(
        "urn:ietf:params:acme:error:serverInternal",
        `Failed to ${step}: ${message}`,
        true,
      );
    }
  }
}

/** Account key file name for a directory, so two directories never share an account. */
export function accountKeyFileName(directoryUrl: string): string {
  const hash = createHash("sha256").update(directoryUrl).digest("hex");
  return `acme-account-${hash.slice(0, 16)}.pem`;
}
