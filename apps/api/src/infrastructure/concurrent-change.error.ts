/** The stream kept changing under a command after every retry. */
export class ConcurrentChangeError extends Error {
  readonly kind = "concurrent_change";

  constructor(
    readonly streamId: string,
    options?: { cause?: unknown },
  ) {
    super(
      `Another change to ${streamId} happened at the same time; retry the request.`,
      options,
    );
    this.name = "ConcurrentChangeError";
  }
}
