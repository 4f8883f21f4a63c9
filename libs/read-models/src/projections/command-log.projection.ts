import type {
  AppliedEventInfo,
  Projection,
  ReadModelTransaction,
} from "./projection.js";

/**
 * Records which streams each command appended to. A retried request whose
 * first attempt already succeeded looks its command up here and returns
 * that outcome, even when the first attempt renamed or destroyed the app the
 * request names.
 */
export class CommandLogProjection implements Projection {
  readonly name = "command-log";

  async apply(
    trx: ReadModelTransaction,
    _event: unknown,
    info: AppliedEventInfo,
  ): Promise<void> {
    await trx
      .insertInto("command_log")
      .values({
        command_id: info.commandId,
        stream_id: info.streamId,
        position: info.position,
      })
      .onConflict((conflict) => conflict.doNothing())
      .execute();
  }
}
