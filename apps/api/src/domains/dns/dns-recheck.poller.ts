import { Inject, Injectable, Logger } from "@nestjs/common";
import { APP_CONFIG, type AppConfig } from "../../config/app-config.js";
import { DueTimerPoller } from "../../infrastructure/due-timer-poller.js";
import { ReadModelsService } from "../../infrastructure/read-models.service.js";
import { DnsCheckService } from "./dns-check.service.js";

/** Domains checked in one poll at most, so a slow name server cannot stall the loop for long. */
const BATCH = 50;

/**
 * Checks custom domains whose DNS was not ok again every
 * `DNS_RECHECK_INTERVAL_MS`, so a domain's status follows the owner's fix of
 * its records without an action. A check appends an event only when the
 * outcome changed, so an unchanged domain costs a lookup and nothing in the log.
 */
@Injectable()
export class DnsRecheckPoller extends DueTimerPoller {
  /**
   * When this process last checked each domain, in epoch milliseconds. The
   * read model only moves `dns_checked_at` when an outcome changed.
   */
  private readonly checkedAt = new Map<string, number>();
  private readonly intervalMs: number;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly readModels: ReadModelsService,
    private readonly dnsChecks: DnsCheckService,
  ) {
    const intervalMs = config.dns.recheckIntervalMs;
    super(
      "DNS re-check",
      Math.min(Math.max(Math.floor(intervalMs / 5), 50), 60_000),
      new Logger(DnsRecheckPoller.name),
    );
    this.intervalMs = intervalMs;
  }

  override start(): void {
    if (this.intervalMs === 0) {
      this.logger.log("DNS re-checks are off (DNS_RECHECK_INTERVAL_MS=0)");
      return;
    }
    super.start();
  }

  protected async fireDue(): Promise<void> {
    const now = Date.now();
    const lastCheck = (domainId: string, recorded: string | null): number =>
      Math.max(
        this.checkedAt.get(domainId) ?? 0,
        recorded === null ? 0 : Date.parse(recorded),
      );
    const due = (await this.readModels.domains.notResolvingOk())
      .filter(
        ({ domainId, checkedAt }) =>
          now - lastCheck(domainId, checkedAt) >= this.intervalMs,
      )
      .slice(0, BATCH)
      .map(({ domainId }) => domainId);
    for (const domainId of due) {
      if (this.stopped) return;
      this.checkedAt.set(domainId, Date.now());
      try {
        const result = await this.dnsChecks.check(domainId);
        if (result === null) this.checkedAt.delete(domainId);
      } catch (error) {
        this.logger.warn(
          `DNS re-check of domain ${domainId} failed; trying again in ${this.intervalMs} ms: ${(error as Error).message}`,
        );
      }
    }
  }
}
