import type { ControlPlaneServer } from "../support/control-plane-server.js";

/**
 * Indents of the CLI's message blocks, ` ›   ` for API errors and warnings
 * and four spaces for local errors.
 */
const BLOCK_LINE = /^( › {3}| {4})(.*)$/;
/** Starts of a new entry inside a block. Any other block line continues the entry above it. */
const ENTRY_START = /^(Error:|Error ID:|Warning:|App:|See )/;

/**
 * Joins the lines that the CLI wrapped inside its error and warning blocks,
 * so that a test compares whole messages whatever the terminal width.
 * Trailing spaces are dropped from every line.
 */
export function unwrapBlocks(text: string): string {
  const lines: string[] = [];
  let previousIndent: string | null = null;

  for (const raw of text.split("\n")) {
    const line = raw.trimEnd();
    const match = BLOCK_LINE.exec(line);
    const indent = match?.[1] ?? null;
    const content = (match?.[2] ?? "").trim();
    if (indent !== null && indent === previousIndent) {
      if (!ENTRY_START.test(content)) {
        lines[lines.length - 1] += ` ${content}`;
        continue;
      }
    }
    lines.push(line);
    previousIndent = indent;
  }

  return lines.join("\n");
}

/** Builds the stderr of a command whose API request failed, with an optional action line first. */
export function apiErrorOutput(
  message: string,
  id: string,
  action?: string,
): string {
  const block = ` ›   Error: ${message}\n ›\n ›   Error ID: ${id}\n`;
  return action === undefined ? block : `${action}... !\n${block}`;
}

/** Splits stdout into lines without trailing spaces. */
export function outputLines(stdout: string): string[] {
  return stdout.split("\n").map((line) => line.trimEnd());
}

/**
 * Parses a table printed by the CLI into rows of cells, header first. The
 * separator line is dropped, and cells are split on runs of two or more spaces.
 */
export function tableRows(stdout: string): string[][] {
  return stdout
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !/^[-─]+$/.test(line))
    .map((line) => line.split(/\s{2,}/));
}

/** Sends a Platform API request for test setup and throws unless the status is `expectedStatus`. */
export async function apiRequest(
  server: ControlPlaneServer,
  token: string,
  method: string,
  path: string,
  expectedStatus: number,
  body?: unknown,
): Promise<unknown> {
  const response = await server.request(method, path, token, body);
  const text = await response.text();
  if (response.status !== expectedStatus) {
    throw new Error(
      `${method} ${path} returned ${response.status}, expected ${expectedStatus}: ${text}`,
    );
  }
  return text === "" ? null : JSON.parse(text);
}

/** Lists the names of a team's apps through the API, sorted. */
export async function teamAppNames(
  server: ControlPlaneServer,
  token: string,
  team: string,
): Promise<string[]> {
  const apps = (await apiRequest(
    server,
    token,
    "GET",
    `/teams/${team}/apps`,
    200,
  )) as { name: string }[];
  return apps.map((app) => app.name).sort();
}
