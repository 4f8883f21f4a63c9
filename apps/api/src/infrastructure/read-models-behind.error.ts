/** The read models could not catch up in time; the API returns 503 with Retry-After. */
export class ReadModelsBehindError extends Error {
  readonly kind = "read_models_behind";

  constructor(
    readonly target: number,
    readonly reached: number,
  ) {
    super(`Read models are at position ${reached}, behind ${target}.`);
    this.name = "ReadModelsBehindError";
  }
}
