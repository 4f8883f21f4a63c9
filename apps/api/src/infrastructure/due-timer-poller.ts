import type { BeforeApplicationShutdown, LoggerService } from "@nestjs/common";

/**
 * Base of the timer schedulers: calls `fireDue` every `pollMs`, one call at
 * a time, until shutdown. Timers are events and the pending ones live in a
 * read model, so a timer that fell due while the process was down fires at
 * the first poll after a start.
 */
export abstract class DueTimerPoller implements BeforeApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  protected stopped = false;

  protected constructor(
    private readonly label: string,
    private readonly pollMs: number,
    protected readonly logger: LoggerService,
  ) {}

  /** Appends the fired events of the timers due now. */
  protected abstract fireDue(): Promise<void>;

  start(): void {
    this.logger.log(`${this.label} started, polling every ${this.pollMs} ms`);
    this.schedule();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    this.logger.log(`${this.label} stopped`);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.fireDue()
        .catch((error: Error) =>
          this.logger.error(
            `${this.label} failed; retrying at the next poll: ${error.message}`,
            error.stack,
          ),
        )
        .finally(() => {
          this.running = null;
          this.schedule();
        });
    }, this.pollMs);
  }
}
