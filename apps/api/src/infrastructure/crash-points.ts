import { Logger } from "@nestjs/common";

/**
 * Fault injection for crash tests: `CRASH_AT=<point>[:<n>]` kills the process
 * with SIGKILL the n-th time (default the first) it passes `point`. Unset,
 * it does nothing. Points:
 * - `after-driver-provision`: the driver call returned, its outcome is not recorded yet;
 * - `after-driver-stop`;
 * - `after-domain-removed`: a custom domain is removed, its hostname is not released yet;
 * - `after-order-placed`: a certificate order's URL is recorded, the order is not completed yet;
 * - `after-order-completed`: the certificate was downloaded, it is not recorded yet.
 */
const setting = process.env.CRASH_AT?.trim() ?? "";
const [targetPoint = "", countText = "1"] = setting.split(":");
const crashAfter = Number(countText);
let passes = 0;

export function crashPoint(point: string): void {
  if (point !== targetPoint) return;
  passes += 1;
  if (passes < crashAfter) return;
  new Logger("CrashPoints").warn(
    `CRASH_AT=${setting}: killing the process at ${point}`,
  );
  process.kill(process.pid, "SIGKILL");
}
