export interface WaitForOptions {
  /** What is awaited, used in the timeout error, e.g. "server to record the request". */
  description: string;
  /** Total time to wait. Defaults to 5000 ms. */
  timeoutMs?: number;
  /** Pause between two checks. Defaults to 25 ms. */
  intervalMs?: number;
}

/**
 * Polls `condition` until it returns true, and throws once `timeoutMs` has
 * passed. A check that throws counts as false, and its last error is added to
 * the timeout message. A check still pending at the deadline is abandoned.
 */
export async function waitFor(
  condition: () => Promise<boolean> | boolean,
  { description, timeoutMs = 5000, intervalMs = 25 }: WaitForOptions,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;

  for (;;) {
    const remainingMs = deadline - Date.now();
    if (remainingMs <= 0) break;

    try {
      if (await withDeadline(condition, remainingMs)) return;
    } catch (error) {
      lastError = error;
    }

    const pauseMs = Math.min(intervalMs, deadline - Date.now());
    if (pauseMs <= 0) break;
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }

  const cause =
    lastError === undefined ? "" : `, last check threw: ${String(lastError)}`;
  throw new Error(
    `Timed out after ${timeoutMs} ms waiting for ${description}${cause}`,
    {
      cause: lastError,
    },
  );
}

/** Resolves with the condition's result, or with false once `ms` has passed. */
async function withDeadline(
  condition: () => Promise<boolean> | boolean,
  ms: number,
): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([Promise.resolve().then(condition), expired]);
  } finally {
    clearTimeout(timer);
  }
}
