import type { SessionIO } from "./session-io.js";

/**
 * Suffix that `heroku run -x` appends to the command. The CLI reads the exit
 * status from the marker line that the suffix prints, and fails with
 * "No exit code returned" when the connection closes without one.
 */
const EXIT_STATUS_SUFFIX = ' ; echo "\uFFFF heroku-command-exit-status: $?"';
/** Prefix that the CLI adds to commands for apps on the "cnb" stack. */
const LAUNCHER_PREFIX = "launcher ";
const EXIT_COMMAND = /^exit(?:\s+(\d{1,9}))?\s*$/;
/** Maximum length of an echoed line. Longer input lines are split. */
const MAX_LINE_LENGTH = 64 * 1024;

/**
 * Stands in for a dyno's process without running anything on the host: the
 * command is only parsed, never passed to a shell or child process. It
 * echoes every input line as `> line` until input ends and exits with 0.
 * The command `exit N` exits with N at once.
 */
export async function runSimulatedProcess(
  command: string,
  io: SessionIO,
): Promise<number> {
  const reportsExitStatus = command.endsWith(EXIT_STATUS_SUFFIX);
  const shownCommand = reportsExitStatus
    ? command.slice(0, -EXIT_STATUS_SUFFIX.length)
    : command;
  const effectiveCommand = shownCommand.startsWith(LAUNCHER_PREFIX)
    ? shownCommand.slice(LAUNCHER_PREFIX.length)
    : shownCommand;

  await io.write(
    `Simulated dyno process for ${JSON.stringify(shownCommand)}: no command runs on the host.\r\n`,
  );
  let status = exitStatusOf(effectiveCommand.trim());
  if (status === undefined) {
    for await (const line of readLines(io.input)) {
      await io.write(`> ${line}\r\n`);
    }
    status = 0;
  }
  await io.write(`Simulated process exited with status ${status}.\r\n`);
  if (reportsExitStatus) {
    await io.write(`\uFFFF heroku-command-exit-status: ${status}\n`);
  }
  return status;
}

/** Returns the status of an `exit [N]` command like a shell does (N modulo 256), else undefined. */
function exitStatusOf(command: string): number | undefined {
  const match = EXIT_COMMAND.exec(command);
  if (!match) return undefined;
  return Number(match[1] ?? "0") % 256;
}

/** Splits text chunks into lines without their `\n` or `\r\n` terminator. */
export async function* readLines(
  chunks: AsyncIterable<string>,
): AsyncGenerator<string, void, undefined> {
  let pending = "";
  for await (const chunk of chunks) {
    pending += chunk;
    let newline: number;
    while ((newline = pending.indexOf("\n")) !== -1) {
      yield pending.slice(0, newline).replace(/\r$/, "");
      pending = pending.slice(newline + 1);
    }
    while (pending.length > MAX_LINE_LENGTH) {
      yield pending.slice(0, MAX_LINE_LENGTH);
      pending = pending.slice(MAX_LINE_LENGTH);
    }
  }
  if (pending !== "") yield pending.replace(/\r$/, "");
}
