import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseDnsServers } from "../../../../libs/dns/src/index.js";

/** Settings read from the environment once at start. */
export interface AppConfig {
  /** `PORT`: TCP port of the Platform API; default 5000. */
  port: number;
  /** `HOST`: address to listen on; default 127.0.0.1. */
  host: string;
  /** `DATA_DIR`: folder of the embedded event store and read models; default ./data. */
  dataDir: string;
  /**
   * `EVENT_STORE_URL`: connection string of a KurrentDB or EventStoreDB server
   * (`kurrentdb://…` or `esdb://…`), or null to keep the log in
   * DATA_DIR/events.sqlite; default null.
   */
  eventStoreUrl: string | null;
  /**
   * `READ_MODELS_PATH`: SQLite file of the read models, or `:memory:` to
   * rebuild them from the log at every start; default DATA_DIR/read-models.sqlite.
   */
  readModelsPath: string;
  /** `CONSISTENCY_TIMEOUT_MS`: how long a request waits for the read models to catch up before a 503; default 2000. */
  consistencyTimeoutMs: number;
  /** `BODY_LIMIT_BYTES`: largest accepted request body; default 102400. */
  bodyLimitBytes: number;
  dynos: DynoConfig;
  dns: DnsConfig;
  certificates: CertificateConfig;
  /**
   * `SECRET_KEY`: base64 of the 32-byte key that encrypts stored private
   * keys; default a key generated once into DATA_DIR/secret.key. Never logged.
   */
  secretKey: string | undefined;
  /**
   * `SNI_TRUSTED_CA_FILE`: PEM file of root certificates trusted besides
   * Node's bundled ones when reporting whether an uploaded certificate is
   * CA signed; default none.
   */
  sniTrustedCaFile: string | undefined;
  /** `LOG_LEVEL`: error, warn, log, debug or verbose; default log. */
  logLevel: "error" | "warn" | "log" | "debug" | "verbose";
}

/** Settings of dyno provisioning and of the simulated compute driver. */
export interface DynoConfig {
  /** `DYNO_PROVISION_DELAY_MS`: time the simulated driver takes to bring a dyno up; default 3000. */
  provisionDelayMs: number;
  /** `DYNO_FAILURE_RATE`: chance from 0 to 1 that a simulated provisioning attempt fails; default 0. */
  failureRate: number;
  /** `DYNO_FAIL_DYNOS`: comma-separated dyno names (`web.2`) whose every attempt fails; default none. */
  failDynos: string[];
  /** `DYNO_MAX_ATTEMPTS`: provisioning attempts before a dyno is `crashed`; default 3. */
  maxAttempts: number;
  /** `DYNO_RETRY_BACKOFF_MS`: wait before the second attempt, doubled for each later one; default 2000. */
  retryBackoffMs: number;
  /** `DYNO_ATTEMPT_TIMEOUT_MS`: how long one attempt may stay `starting`; default 300000. */
  attemptTimeoutMs: number;
  /** `SCHEDULER_POLL_MS`: how often the scheduler looks for due timers; default 100. */
  schedulerPollMs: number;
  /** `RENDEZVOUS_PORT`: TLS port of `heroku run` sessions; default PORT + 1, 0 picks a free port. */
  rendezvousPort: number;
}

/** Settings of the DNS checks of custom domains. */
export interface DnsConfig {
  /**
   * `DNS_SERVERS`: comma-separated `ip`, `ip:port` or `[ipv6]:port` of the
   * servers to ask; default none, which means the machine's resolver configuration.
   */
  servers: string[];
  /** `DNS_TIMEOUT_MS`: longest time one DNS check may take; default 5000. */
  timeoutMs: number;
  /**
   * `DNS_RECHECK_INTERVAL_MS`: how often a custom domain whose last DNS check
   * was not ok is checked again; default 300000, 0 turns re-checks off.
   */
  recheckIntervalMs: number;
}

/** Settings of certificate issuance for default and custom domains. */
export interface CertificateConfig {
  /** `CERT_ISSUER`: `local` (the embedded CA under DATA_DIR) or `acme`; default local. */
  issuer: "local" | "acme";
  /** `ACME_DIRECTORY_URL`: https URL of the ACME directory; required with CERT_ISSUER=acme. */
  acmeDirectoryUrl: string | null;
  /** `ACME_CA_FILE`: PEM file of extra roots that sign the directory's TLS certificate; default none. */
  acmeCaFile: string | null;
  /** `ACME_ACCOUNT_EMAIL`: contact address of the ACME account; default none. */
  acmeAccountEmail: string | null;
  /** `CERT_MAX_ATTEMPTS`: orders in one issuance or renewal before giving up; default 5. */
  maxAttempts: number;
  /** `CERT_RETRY_BACKOFF_MS`: wait after the first failed order, doubled after each later one; default 30000. */
  retryBackoffMs: number;
  /** `CERT_RENEW_BEFORE_MAX_DAYS`: renewal starts a third of the lifetime before expiry, at most this many days; default 30. */
  renewBeforeMaxDays: number;
  /** `CERT_LOCAL_VALIDITY_DAYS`: lifetime of certificates from the local CA; default 90. */
  localValidityDays: number;
}

export const APP_CONFIG = Symbol("AppConfig");

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const dataDir = resolve(env.DATA_DIR?.trim() || "./data");
  const port = readInteger(env, "PORT", 5000, 0, 65535);
  return {
    dynos: {
      provisionDelayMs: readInteger(
        env,
        "DYNO_PROVISION_DELAY_MS",
        3000,
        0,
        3_600_000,
      ),
      failureRate: readRate(env, "DYNO_FAILURE_RATE"),
      failDynos: (env.DYNO_FAIL_DYNOS ?? "")
        .split(",")
        .map((name) => name.trim())
        .filter((name) => name.length > 0),
      maxAttempts: readInteger(env, "DYNO_MAX_ATTEMPTS", 3, 1, 20),
      retryBackoffMs: readInteger(
        env,
        "DYNO_RETRY_BACKOFF_MS",
        2000,
        0,
        3_600_000,
      ),
      attemptTimeoutMs: readInteger(
        env,
        "DYNO_ATTEMPT_TIMEOUT_MS",
        300_000,
        1,
        86_400_000,
      ),
      schedulerPollMs: readInteger(env, "SCHEDULER_POLL_MS", 100, 1, 60_000),
      rendezvousPort: readInteger(
        env,
        "RENDEZVOUS_PORT",
        port === 0 ? 0 : port + 1,
        0,
        65535,
      ),
    },
    dns: {
      servers: parseDnsServers(env.DNS_SERVERS),
      timeoutMs: readInteger(env, "DNS_TIMEOUT_MS", 5000, 1, 60_000),
      recheckIntervalMs: readInteger(
        env,
        "DNS_RECHECK_INTERVAL_MS",
        300_000,
        0,
        86_400_000,
      ),
    },
    certificates: loadCertificateConfig(env),
    port,
    host: env.HOST?.trim() || "127.0.0.1",
    dataDir,
    eventStoreUrl: readEventStoreUrl(env.EVENT_STORE_URL),
    readModelsPath:
      env.READ_MODELS_PATH?.trim() || join(dataDir, "read-models.sqlite"),
    consistencyTimeoutMs: readInteger(
      env,
      "CONSISTENCY_TIMEOUT_MS",
      2000,
      1,
      60000,
    ),
    bodyLimitBytes: readInteger(
      env,
      "BODY_LIMIT_BYTES",
      102400,
      1024,
      10485760,
    ),
    secretKey: env.SECRET_KEY?.trim() || undefined,
    sniTrustedCaFile: env.SNI_TRUSTED_CA_FILE?.trim() || undefined,
    logLevel: readLogLevel(env.LOG_LEVEL),
  };
}

function loadCertificateConfig(env: NodeJS.ProcessEnv): CertificateConfig {
  const issuer = env.CERT_ISSUER?.trim() || "local";
  if (issuer !== "local" && issuer !== "acme") {
    throw new Error(`CERT_ISSUER=${issuer} is invalid: use local or acme.`);
  }
  const acmeDirectoryUrl = env.ACME_DIRECTORY_URL?.trim() || null;
  if (issuer === "acme" && acmeDirectoryUrl === null) {
    throw new Error(
      "ACME_DIRECTORY_URL is missing: CERT_ISSUER=acme needs the https URL of an ACME directory.",
    );
  }
  if (acmeDirectoryUrl !== null && !isHttpsUrl(acmeDirectoryUrl)) {
    throw new Error(
      `ACME_DIRECTORY_URL=${acmeDirectoryUrl} is invalid: use an https URL.`,
    );
  }
  const acmeCaFile = env.ACME_CA_FILE?.trim() || null;
  if (acmeCaFile !== null && !existsSync(acmeCaFile)) {
    throw new Error(
      `ACME_CA_FILE=${acmeCaFile} is invalid: the file does not exist.`,
    );
  }
  const acmeAccountEmail = env.ACME_ACCOUNT_EMAIL?.trim() || null;
  if (
    acmeAccountEmail !== null &&
    !/^[^@\s]+@[^@\s]+$/.test(acmeAccountEmail)
  ) {
    throw new Error(
      `ACME_ACCOUNT_EMAIL=${acmeAccountEmail} is invalid: use an email address.`,
    );
  }
  return {
    issuer,
    acmeDirectoryUrl,
    acmeCaFile,
    acmeAccountEmail,
    maxAttempts: readInteger(env, "CERT_MAX_ATTEMPTS", 5, 1, 50),
    retryBackoffMs: readInteger(
      env,
      "CERT_RETRY_BACKOFF_MS",
      30_000,
      0,
      86_400_000,
    ),
    renewBeforeMaxDays: readInteger(
      env,
      "CERT_RENEW_BEFORE_MAX_DAYS",
      30,
      1,
      365,
    ),
    localValidityDays: readInteger(
      env,
      "CERT_LOCAL_VALIDITY_DAYS",
      90,
      1,
      3650,
    ),
  };
}

function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === "https:";
  } catch {
    return false;
  }
}

function readInteger(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(
      `${name}=${raw} is invalid: use an integer from ${min} to ${max}.`,
    );
  }
  return value;
}

function readRate(env: NodeJS.ProcessEnv, name: string): number {
  const raw = env[name]?.trim();
  if (!raw) return 0;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || value > 1) {
    throw new Error(`${name}=${raw} is invalid: use a number from 0 to 1.`);
  }
  return value;
}

const EVENT_STORE_SCHEMES = [
  "kurrentdb:",
  "kurrentdb+discover:",
  "esdb:",
  "esdb+discover:",
];

function readEventStoreUrl(raw: string | undefined): string | null {
  const value = raw?.trim();
  if (!value) return null;
  const scheme = value.slice(0, value.indexOf(":") + 1).toLowerCase();
  if (!EVENT_STORE_SCHEMES.includes(scheme)) {
    // The value may hold a password, so the message shows only its scheme.
    throw new Error(
      `EVENT_STORE_URL has the scheme "${scheme || "none"}": use a KurrentDB connection string such as kurrentdb://host:2113?tls=false, or leave it unset for the SQLite log under DATA_DIR.`,
    );
  }
  return value;
}

function readLogLevel(raw: string | undefined): AppConfig["logLevel"] {
  const levels = ["error", "warn", "log", "debug", "verbose"] as const;
  const value = raw?.trim() || "log";
  const level = levels.find((candidate) => candidate === value);
  if (!level)
    throw new Error(
      `LOG_LEVEL=${value} is invalid: use one of ${levels.join(", ")}.`,
    );
  return level;
}
