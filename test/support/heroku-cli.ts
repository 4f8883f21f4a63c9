import { spawn } from "node:child_process";
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import nodeModule, { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { stripVTControlCharacters } from "node:util";

/**
 * Header that the CLI adds to every particleboard request (through
 * HEROKU_PARTICLEBOARD_HEADERS), so one local server can tell particleboard
 * calls from Platform API calls that arrive on the same port.
 */
export const PARTICLEBOARD_HEADER = "x-cli-harness-target";
export const PARTICLEBOARD_HEADER_VALUE = "particleboard";

/** Absolute path of the `bin` script declared in node_modules/heroku/package.json. */
export const HEROKU_BIN = resolveHerokuBin();

const DEFAULT_TIMEOUT_MS = 20_000;

/** Parent variables that the CLI process inherits. Everything else is dropped. */
const INHERITED_ENV = [
  "PATH",
  "LANG",
  "LC_ALL",
  "LC_CTYPE",
  "TZ",
  "SystemRoot",
  "SYSTEMROOT",
];

export interface HerokuCliOptions {
  /** Platform API base URL, e.g. `http://127.0.0.1:4000`. */
  apiUrl: string;
  /** Bearer token sent as HEROKU_API_KEY. An empty string leaves HEROKU_API_KEY unset. */
  token: string;
  /** Particleboard base URL. Defaults to `apiUrl`. */
  particleboardUrl?: string;
  /** Variables applied last, so they override the harness defaults. */
  extraEnv?: Record<string, string>;
}

export interface RunOptions {
  /** Text written to stdin before it is closed. stdin is closed at once without it. */
  input?: string;
  /** Time after which the process group is killed with SIGKILL. Defaults to 20 s. */
  timeoutMs?: number;
  /** Token for this run only. An empty string leaves HEROKU_API_KEY unset. */
  token?: string;
  /** Working directory. Defaults to an empty folder in the harness temp folder. */
  cwd?: string;
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** stdout with ANSI escape sequences removed. */
  stdout: string;
  /** stderr with ANSI escape sequences removed. */
  stderr: string;
  durationMs: number;
}

/** Error thrown by `HerokuCli.run` when the process outlives its timeout. */
export class HerokuCliTimeoutError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly timeoutMs: number,
    readonly stdout: string,
    readonly stderr: string,
  ) {
    super(
      `heroku ${args.join(" ")} timed out after ${timeoutMs} ms and was killed\n` +
        `--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`,
    );
    this.name = "HerokuCliTimeoutError";
  }
}

/**
 * Runs the real Heroku CLI from node_modules as a child process against a
 * local server. Each instance gets its own temporary HOME and XDG folders,
 * so no netrc, git config, plugin or cache state is shared with the
 * developer's account or with other instances. The Node compile cache
 * (Node 22.8+ only) is the one shared folder.
 */
export class HerokuCli {
  readonly apiUrl: string;
  readonly token: string;
  /** Temporary folder that contains HOME, the XDG folders and the default cwd. */
  readonly rootDir: string;
  private readonly options: HerokuCliOptions;
  private readonly baseEnv: Record<string, string>;
  private readonly derived: HerokuCli[] = [];

  constructor(options: HerokuCliOptions) {
    this.options = options;
    this.apiUrl = options.apiUrl;
    this.token = options.token;
    this.rootDir = mkdtempSync(path.join(os.tmpdir(), "heroku-cli-harness-"));
    this.baseEnv = this.buildEnv();
    this.prepareFolders();
  }

  /** Environment passed to every run, before the per-run token is applied. */
  get env(): Readonly<Record<string, string>> {
    return this.baseEnv;
  }

  /** Creates a CLI for another user, with its own temp folder. `cleanup()` on this instance removes it too. */
  withToken(token: string): HerokuCli {
    const other = new HerokuCli({ ...this.options, token });
    this.derived.push(other);
    return other;
  }

  /** Runs `heroku ...args` and resolves with its exit code and output, whatever the code. */
  run(args: string[], options: RunOptions = {}): Promise<RunResult> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const env = { ...this.baseEnv };
    const token = options.token ?? this.token;
    if (token === "") {
      delete env.HEROKU_API_KEY;
    } else {
      env.HEROKU_API_KEY = token;
    }

    const started = performance.now();
    const child = spawn(
      process.execPath,
      ["--no-deprecation", HEROKU_BIN, ...args],
      {
        cwd: options.cwd ?? path.join(this.rootDir, "work"),
        env,
        stdio: ["pipe", "pipe", "pipe"],
        // A process group of its own lets the timeout kill git and other children too.
        detached: process.platform !== "win32",
      },
    );

    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    const text = (chunks: Buffer[]) =>
      stripVTControlCharacters(Buffer.concat(chunks).toString("utf8"));

    // The CLI may exit before reading stdin, so EPIPE here is expected.
    child.stdin.on("error", () => undefined);
    child.stdin.end(options.input ?? "");

    return new Promise<RunResult>((resolve, reject) => {
      let settled = false;
      const timer = setTimeout(() => {
        settled = true;
        killTree(child.pid);
        reject(
          new HerokuCliTimeoutError(
            args,
            timeoutMs,
            text(stdout),
            text(stderr),
          ),
        );
      }, timeoutMs);

      child.on("error", (error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(error);
      });

      child.on("close", (code, signal) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({
          code,
          signal,
          stdout: text(stdout),
          stderr: text(stderr),
          durationMs: Math.round(performance.now() - started),
        });
      });
    });
  }

  /** Removes the temp folder of this instance and of every instance made by `withToken`. */
  cleanup(): void {
    for (const other of this.derived.splice(0)) other.cleanup();
    rmSync(this.rootDir, { recursive: true, force: true });
  }

  private buildEnv(): Record<string, string> {
    const env: Record<string, string> = {};
    for (const name of INHERITED_ENV) {
      const value = process.env[name];
      if (value !== undefined) env[name] = value;
    }

    const api = new URL(this.apiUrl);
    const particleboardUrl = this.options.particleboardUrl ?? this.apiUrl;
    const home = path.join(this.rootDir, "home");
    const proxyUrl = `http://${api.host}`;
    const localHosts = new Set([
      "127.0.0.1",
      "localhost",
      api.hostname,
      new URL(particleboardUrl).hostname,
    ]);
    const noProxy = [...localHosts].join(",");

    Object.assign(env, {
      HOME: home,
      USERPROFILE: home,
      XDG_CONFIG_HOME: path.join(this.rootDir, "config"),
      XDG_CACHE_HOME: path.join(this.rootDir, "cache"),
      XDG_DATA_HOME: path.join(this.rootDir, "data"),
      XDG_STATE_HOME: path.join(this.rootDir, "state"),
      TMPDIR: path.join(this.rootDir, "tmp"),

      HEROKU_HOST: this.apiUrl,
      HEROKU_PARTICLEBOARD_URL: particleboardUrl,
      HEROKU_PARTICLEBOARD_HEADERS: JSON.stringify({
        [PARTICLEBOARD_HEADER]: PARTICLEBOARD_HEADER_VALUE,
      }),
      // Hosts that some commands reach besides the Platform API. Pointing them at
      // the local server keeps a stray command on 127.0.0.1 instead of the internet.
      HEROKU_LOGIN_HOST: this.apiUrl,
      HEROKU_STATUS_HOST: this.apiUrl,
      HEROKU_ANALYTICS_URL: this.apiUrl,
      HEROKU_NPM_REGISTRY: this.apiUrl,
      HEROKU_DATA_HOST: api.hostname,
      HEROKU_CI_WEBSOCKET_URL: `${api.protocol === "https:" ? "wss" : "ws"}://${api.host}/socket`,
      // @heroku/http-call sends requests to hardcoded hosts, such as the Salesforce
      // Trust fallback of `heroku status`, through this proxy. The local server then
      // gets a CONNECT request, which it can record, and no DNS lookup happens.
      // NOTE: clients other than http-call (got, node-fetch, Sentry) ignore these.
      HTTP_PROXY: proxyUrl,
      HTTPS_PROXY: proxyUrl,
      NO_PROXY: noProxy,
      // Credentials go to ~/.netrc in the temp HOME, never to a desktop keyring
      // through secret-tool.
      HEROKU_NETRC_WRITE: "true",

      // In heroku 11.10.0, OpenTelemetry, Sentry and herokulytics all check
      // DISABLE_TELEMETRY, and herokulytics also checks HEROKU_SKIP_ANALYTICS.
      DISABLE_TELEMETRY: "true",
      HEROKU_SKIP_ANALYTICS: "1",
      // No npm registry lookup from @oclif/plugin-warn-if-update-available and no
      // background `heroku update` from @oclif/plugin-update.
      HEROKU_SKIP_NEW_VERSION_CHECK: "true",
      HEROKU_DISABLE_AUTOUPDATE: "1",
      // An init hook runs `git config --global` on every command. HOME keeps that
      // in the temp folder, and this keeps /etc/gitconfig out of it.
      GIT_CONFIG_NOSYSTEM: "1",
      // Commands without --app read the app from git remotes of the cwd. This stops
      // git from finding a repository above the temp folder.
      GIT_CEILING_DIRECTORIES: this.rootDir,

      TERM: "dumb",
      NO_COLOR: "1",
      FORCE_COLOR: "0",
      CI: "true",
    });

    // Loading @heroku-cli/command and its dependencies takes about 0.6 s of each
    // run (DEBUG=oclif:perf, Node 20.20, 2 cores). NODE_COMPILE_CACHE keeps the
    // V8 code cache in a folder shared by all runs. It contains no user state,
    // so it is the only folder that outlives `cleanup()`.
    // NOTE: never run here, because Node 20 has no compile cache.
    if (supportsCompileCache()) {
      env.NODE_COMPILE_CACHE = path.join(
        os.tmpdir(),
        "heroku-cli-harness-compile-cache",
      );
    }

    if (this.token !== "") env.HEROKU_API_KEY = this.token;
    Object.assign(env, this.options.extraEnv);
    return env;
  }

  private prepareFolders(): void {
    for (const name of [
      "home",
      "config",
      "cache",
      "data",
      "state",
      "tmp",
      "work",
    ]) {
      mkdirSync(path.join(this.rootDir, name), { recursive: true });
    }
    // The terms-of-service init hook prints a banner once per cache folder unless
    // this file exists. Creating it keeps stderr the same on every run.
    const cliCacheDir = path.join(this.rootDir, "cache", "heroku");
    mkdirSync(cliCacheDir, { recursive: true });
    writeFileSync(path.join(cliCacheDir, "terms-of-service"), "");
  }
}

function resolveHerokuBin(): string {
  const require = createRequire(import.meta.url);
  const packageJsonPath = require.resolve("heroku/package.json");
  const packageJson = JSON.parse(readFileSync(packageJsonPath, "utf8")) as {
    bin?: string | Record<string, string>;
  };
  const bin =
    typeof packageJson.bin === "string"
      ? packageJson.bin
      : packageJson.bin?.heroku;
  if (!bin) throw new Error(`No "bin" entry for heroku in ${packageJsonPath}`);
  return path.resolve(path.dirname(packageJsonPath), bin);
}

/**
 * Detects a Node with `module.enableCompileCache` (22.8+), which implies
 * NODE_COMPILE_CACHE support (22.1+).
 */
function supportsCompileCache(): boolean {
  return (
    typeof (nodeModule as unknown as Record<string, unknown>)
      .enableCompileCache === "function"
  );
}

function killTree(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    // The negative pid targets the whole process group created by `detached`.
    process.kill(process.platform === "win32" ? pid : -pid, "SIGKILL");
  } catch {
    // The process already exited.
  }
}
