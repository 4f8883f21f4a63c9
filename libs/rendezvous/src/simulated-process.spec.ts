import type { SessionIO } from "./session-io.js";
import { readLines, runSimulatedProcess } from "./simulated-process.js";

/** In-memory `SessionIO` that serves fixed input chunks and records output. */
function fakeIo(inputChunks: string[]): SessionIO & { output: string } {
  const io = {
    output: "",
    input: (async function* () {
      yield* inputChunks;
    })(),
    signal: new AbortController().signal,
    write: async (data: string | Uint8Array) => {
      io.output +=
        typeof data === "string" ? data : Buffer.from(data).toString();
    },
    close: () => undefined,
  };
  return io;
}

const EXIT_STATUS_SUFFIX = ' ; echo "\uFFFF heroku-command-exit-status: $?"';

describe("runSimulatedProcess", () => {
  it("echoes lines and exits 0 at end of input", async () => {
    const io = fakeIo(["echo hi\nls", " -la\r\n", "no newline"]);

    await expect(runSimulatedProcess("bash", io)).resolves.toBe(0);
    expect(io.output).toBe(
      'Simulated dyno process for "bash": no command runs on the host.\r\n' +
        "> echo hi\r\n> ls -la\r\n> no newline\r\n" +
        "Simulated process exited with status 0.\r\n",
    );
  });

  it("exits with N for `launcher exit N`", async () => {
    const io = fakeIo(["never read\n"]);

    await expect(runSimulatedProcess("launcher exit 42", io)).resolves.toBe(42);
    expect(io.output).toContain('"launcher exit 42"');
    expect(io.output).not.toContain("never read");
    expect(io.output).toContain("Simulated process exited with status 42.");
  });

  it("takes exit status modulo 256", async () => {
    await expect(runSimulatedProcess("exit 257", fakeIo([]))).resolves.toBe(1);
    await expect(runSimulatedProcess("exit", fakeIo([]))).resolves.toBe(0);
  });

  it("prints the `heroku run -x` status marker", async () => {
    const io = fakeIo([]);

    await expect(
      runSimulatedProcess(`exit 3${EXIT_STATUS_SUFFIX}`, io),
    ).resolves.toBe(3);
    expect(io.output).toContain('"exit 3"');
    expect(io.output.endsWith("\uFFFF heroku-command-exit-status: 3\n")).toBe(
      true,
    );
  });

  it("treats compound commands as text", async () => {
    const io = fakeIo(["x\n"]);

    await expect(runSimulatedProcess("exit 3; rm -rf /", io)).resolves.toBe(0);
    expect(io.output).toContain('"exit 3; rm -rf /"');
    expect(io.output).toContain("> x\r\n");
  });
});

describe("readLines", () => {
  it("splits lines across chunks", async () => {
    const long = "a".repeat(64 * 1024 + 5);
    const lines: string[] = [];
    for await (const line of readLines(
      fakeIo(["one\r", "\ntwo\n", long]).input,
    )) {
      lines.push(line);
    }

    expect(lines).toEqual(["one", "two", "a".repeat(64 * 1024), "aaaaa"]);
  });
});
