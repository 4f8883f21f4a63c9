import { cpus, loadavg, platform, release, totalmem } from "node:os";
import { relative } from "node:path";
import { failures, type LoadResult } from "./load.js";

export interface Row {
  route: string;
  result: LoadResult;
}

/** Describes the machine, Node.js and the command line, one fact per line. */
export function describeRun(): string {
  const processors = cpus();
  const model = processors[0]?.model.trim() ?? "unknown";
  const script = relative(process.cwd(), process.argv[1] ?? "");
  const direct = ["node", script, ...process.argv.slice(2)].join(" ");
  const viaNpm =
    process.env.npm_lifecycle_event === "bench" ? "npm run bench → " : "";
  return [
    `machine: ${processors.length} CPUs (${model}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, ${platform()} ${release()}`,
    `node: ${process.version}`,
    `command: ${viaNpm}${direct}`,
    `date: ${new Date().toISOString()}`,
    loadLine(),
  ].join("\n");
}

/** Formats the 1, 5 and 15 minute load averages, because other work on the machine skews the figures. */
export function loadLine(): string {
  return `load average: ${loadavg()
    .map((value) => value.toFixed(2))
    .join(" ")}`;
}

/** Formats the results as a Markdown table, with throughput relative to the first row. */
export function formatTable(rows: Row[]): string {
  const baseline = rows[0]?.result.requestsPerSecond ?? Number.NaN;
  const header = [
    "route",
    "requests/s",
    "p50 ms",
    "p99 ms",
    "throughput vs no-op",
    "errors",
  ];
  const body = rows.map(({ route, result }) => [
    route,
    result.requestsPerSecond.toFixed(0),
    result.p50Ms.toFixed(2),
    result.p99Ms.toFixed(2),
    (result.requestsPerSecond / baseline).toFixed(3),
    String(failures(result)),
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...body.map((cells) => cells[column]!.length)),
  );
  const line = (cells: string[]) =>
    `| ${cells
      .map((cell, column) =>
        column === 0
          ? cell.padEnd(widths[column]!)
          : cell.padStart(widths[column]!),
      )
      .join(" | ")} |`;
  const rule = `| ${widths
    .map((width, column) =>
      column === 0 ? "-".repeat(width) : `${"-".repeat(width - 1)}:`,
    )
    .join(" | ")} |`;
  return [line(header), rule, ...body.map(line)].join("\n");
}

/** Lists the non-2xx status codes and socket errors of one load, or returns null when there are none. */
export function describeFailures(row: Row): string | null {
  const { failedStatuses, socketErrors } = row.result;
  const parts = Object.entries(failedStatuses).map(
    ([status, count]) => `${count} × ${status}`,
  );
  if (socketErrors > 0) parts.push(`${socketErrors} socket errors/timeouts`);
  return parts.length === 0 ? null : `${row.route}: ${parts.join(", ")}`;
}
