import { Injectable } from "@nestjs/common";
import {
  DomainError,
  decideReleaseName,
  decideReserveName,
  evolveReservation,
  initialReservation,
  reservationStream,
  type ReservationEvent,
  type ReservationKind,
  type ReservationState,
} from "../../../../libs/domain/src/index.js";
import { type CommandContext, stepContext } from "./command-context.js";
import {
  EventSourcedRepository,
  type StreamModel,
} from "./event-sourced-repository.js";

const model: StreamModel<ReservationState, ReservationEvent> = {
  initial: initialReservation,
  evolve: evolveReservation,
};

/** A holder may prove a claim stale only after this long, so an in-flight create is never taken over. */
const STALE_AFTER_MS = 30_000;

/** Claims and frees globally unique names through reservation streams. */
@Injectable()
export class NameReservations {
  constructor(private readonly repository: EventSourcedRepository) {}

  /**
   * Reserves `name` for `ownerId`, or throws `name_taken`. `isHolderStale`
   * tells whether the current holder no longer uses the name, as after a
   * crash between reserving a name and creating the app that wanted it.
   */
  async reserve(
    kind: ReservationKind,
    name: string,
    ownerId: string,
    context: CommandContext,
    at: string,
    takenMessage: string,
    isHolderStale: (holderId: string) => Promise<boolean>,
  ): Promise<void> {
    const stream = reservationStream(kind, name);
    const { state } = await this.repository.load(stream, model);
    const holderIsStale =
      state.holderId !== null &&
      state.holderId !== ownerId &&
      Date.now() - Date.parse(state.reservedAt ?? at) > STALE_AFTER_MS &&
      (await isHolderStale(state.holderId));

    await this.repository.execute(stream, model, context, (current) =>
      decideReserveName(
        current,
        { kind, name, ownerId, at, holderIsStale },
        takenMessage,
      ),
    );

    // A retried command finds its earlier reservation and decides nothing,
    // but the name may have been freed and claimed by someone else since.
    const { state: after, revision } = await this.repository.load(
      stream,
      model,
    );
    if (after.holderId === null) {
      // The earlier reservation was undone after a failure; claim the name anew.
      await this.repository.execute(
        stream,
        model,
        stepContext(context, `reclaim:${revision}`),
        (current) =>
          decideReserveName(current, { kind, name, ownerId, at }, takenMessage),
      );
      return;
    }
    if (after.holderId !== ownerId) {
      throw new DomainError("name_taken", takenMessage);
    }
  }

  async release(
    kind: ReservationKind,
    name: string,
    ownerId: string,
    context: CommandContext,
    at: string,
    reason: string,
  ): Promise<void> {
    await this.repository.execute(
      reservationStream(kind, name),
      model,
      context,
      (state) => decideReleaseName(state, { kind, name, ownerId, at, reason }),
    );
  }
}
