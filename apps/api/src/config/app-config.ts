import { join, resolve } from "node:path";

/** Settings read from the environment once at start. */
export interface AppConfig {
  /** `PORT`: TCP port of the Platform API; default 5000. */
  port: number;
  /** `HOST`: address to listen on; default 127.0.0.1. */
  host: string;
  /** `DATA_DIR`: folder of the embedded event store and read models; default ./data. */
  dataDir: string;
  /**
   * `READ_MODELS_PATH`: SQLite file of the read models, or `:memory:` to
   * rebuild them from the log at every start; default DATA_DIR/read-models.sqlite.
   */
  readModelsPath: string;
  /** `CONSISTENCY_TIMEOUT_MS`: how long a request waits for the read models to catch up before a 503; default 2000. */
  consistencyTimeoutMs: number;
  /** `BODY_LIMIT_BYTES`: largest accepted request body; default 102400. */
  bodyLimitBytes: number;
  /** `LOG_LEVEL`: error, warn, log, debug or verbose; default log. */
  logLevel: "error" | "warn" | "log" | "debug" | "verbose";
}

export const APP_CONFIG = Symbol("AppConfig");

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const dataDir = resolve(env.DATA_DIR?.trim() || "./data");
  return {
    port: readInteger(env, "PORT", 5000, 0, 65535),
    host: env.HOST?.trim() || "127.0.0.1",
    dataDir,
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
    logLevel: readLogLevel(env.LOG_LEVEL),
  };
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
