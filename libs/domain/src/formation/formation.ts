import { invalid, notFound } from "../shared/domain-error.js";
import type { DynoSlot, FormationUpdate } from "./formation.events.js";
import { canonicalDynoSize, type SizePlacement } from "./sizes.js";

/** Most dynos one process type may run. */
export const MAX_QUANTITY = 100;

export interface ProcessType {
  type: string;
  quantity: number;
  size: string;
  command: string;
  /** Running dynos by index (1 is `type.1`). */
  dynos: ReadonlyMap<number, DynoSlot>;
}

export type Formation = ReadonlyMap<string, ProcessType>;

/**
 * Process types an app gets at creation. NOTE: until releases exist there
 * is no Procfile to read, so every app has `web` and `worker`, scaled to 0,
 * whose commands are their type names.
 */
export function initialFormation(size: string): Formation {
  return new Map(
    ["web", "worker"].map((type) => [
      type,
      { type, quantity: 0, size, command: type, dynos: new Map() },
    ]),
  );
}

export interface RequestedUpdate {
  type: string;
  /** Absolute (`"2"`, `2`) or relative (`"+1"`, `"-1"`); relative changes stop at 0. */
  quantity?: string | number;
  size?: string;
}

/**
 * Computes the new formation and the dynos to start and stop. `dynoId`
 * derives the id of each started dyno (the caller derives it from the
 * command, so a retry gets the same ids).
 */
export function planFormationChange(
  formation: Formation,
  requested: readonly RequestedUpdate[],
  placement: SizePlacement,
  dynoId: (name: string) => string,
  /** Ids of dynos that were stopped (`ps:stop`); a scale starts their slots again. */
  stoppedDynoIds: ReadonlySet<string> = new Set(),
): { updates: FormationUpdate[]; start: DynoSlot[]; stop: DynoSlot[] } {
  if (requested.length === 0) throw invalid("No formation updates given.");
  const seen = new Set<string>();
  const updates: FormationUpdate[] = [];
  const start: DynoSlot[] = [];
  const stop: DynoSlot[] = [];

  for (const update of requested) {
    const current = formation.get(update.type);
    if (!current) {
      throw invalid(`Couldn't find that process type (${update.type}).`);
    }
    if (seen.has(update.type)) {
      throw invalid(`Process type ${update.type} is listed more than once.`);
    }
    seen.add(update.type);

    const quantity = resolveQuantity(current.quantity, update.quantity);
    const size =
      update.size === undefined
        ? current.size
        : canonicalDynoSize(update.size, placement);
    updates.push({
      type: update.type,
      quantity,
      previousQuantity: current.quantity,
      size,
      previousSize: current.size,
    });
    // A new size restarts every dyno of the type, as dynos cannot change size while running.
    const resized = size !== current.size;
    const firstNew = resized ? 1 : current.quantity + 1;
    if (resized) stop.push(...[...current.dynos.values()].reverse());
    for (let index = 1; index <= quantity; index += 1) {
      const slot = current.dynos.get(index);
      const refill =
        index < firstNew &&
        slot !== undefined &&
        stoppedDynoIds.has(slot.dynoId);
      if (index < firstNew && !refill) continue;
      const name = `${update.type}.${index}`;
      start.push({
        dynoId: dynoId(name),
        name,
        type: update.type,
        size,
        command: current.command,
      });
    }
    for (
      let index = current.quantity;
      !resized && index > quantity;
      index -= 1
    ) {
      const slot = current.dynos.get(index);
      if (slot) stop.push(slot);
    }
  }
  return { updates, start, stop };
}

function resolveQuantity(
  current: number,
  requested: string | number | undefined,
): number {
  if (requested === undefined) return current;
  if (typeof requested === "number") {
    // Only strings may be relative; a number is the quantity itself.
    if (
      !Number.isInteger(requested) ||
      requested < 0 ||
      requested > MAX_QUANTITY
    ) {
      throw invalid(
        `Quantity ${requested} is invalid: use a whole number from 0 to ${MAX_QUANTITY}.`,
      );
    }
    return requested;
  }
  const text = requested.trim();
  const match = /^([+-]?)(\d{1,4})$/.exec(text);
  if (!match) {
    throw invalid(
      `Quantity ${JSON.stringify(requested)} is invalid: use a whole number such as 2, or a change such as +1 or -1.`,
    );
  }
  const amount = Number(match[2]);
  const sign = match[1];
  const quantity =
    sign === "+"
      ? current + amount
      : sign === "-"
        ? Math.max(0, current - amount)
        : amount;
  if (quantity > MAX_QUANTITY) {
    throw invalid(
      `Quantity ${quantity} is over the limit of ${MAX_QUANTITY} dynos per process type.`,
    );
  }
  return quantity;
}

/** Applies a change to the formation, tracking which dyno runs at each index. */
export function applyFormationChange(
  formation: Formation,
  change: { updates: FormationUpdate[]; start: DynoSlot[]; stop: DynoSlot[] },
): Formation {
  const next = new Map(formation);
  for (const update of change.updates) {
    const current = next.get(update.type);
    if (!current) continue;
    const dynos = new Map(current.dynos);
    for (const slot of change.stop.filter((s) => s.type === update.type)) {
      dynos.delete(indexOf(slot.name));
    }
    for (const slot of change.start.filter((s) => s.type === update.type)) {
      dynos.set(indexOf(slot.name), slot);
    }
    next.set(update.type, {
      ...current,
      quantity: update.quantity,
      size: update.size,
      dynos,
    });
  }
  return next;
}

/** Puts each restarted dyno's new incarnation into its slot. */
export function applyRestart(
  formation: Formation,
  start: readonly DynoSlot[],
): Formation {
  const next = new Map(formation);
  for (const slot of start) {
    const current = next.get(slot.type);
    if (!current) continue;
    const dynos = new Map(current.dynos);
    dynos.set(indexOf(slot.name), slot);
    next.set(slot.type, { ...current, dynos });
  }
  return next;
}

/**
 * Plans a restart of the named dynos, or of every dyno of `type`, or of all
 * formation dynos when both are omitted.
 */
export function planRestart(
  formation: Formation,
  target: { type?: string; name?: string },
  dynoId: (name: string) => string,
): { stop: DynoSlot[]; start: DynoSlot[] } {
  if (target.type !== undefined) requireProcessType(formation, target.type);
  const slots = [...formation.values()]
    .filter(
      (processType) =>
        target.type === undefined || processType.type === target.type,
    )
    .flatMap((processType) => [...processType.dynos.values()])
    .filter((slot) => target.name === undefined || slot.name === target.name);
  return {
    stop: slots,
    start: slots.map((slot) => ({ ...slot, dynoId: dynoId(slot.name) })),
  };
}

export function requireProcessType(
  formation: Formation,
  type: string,
): ProcessType {
  const processType = formation.get(type);
  if (!processType)
    throw notFound(
      "process type",
      `Couldn't find that process type (${type}).`,
    );
  return processType;
}

function indexOf(name: string): number {
  return Number(name.slice(name.lastIndexOf(".") + 1));
}
