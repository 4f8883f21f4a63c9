import type { DomainEvent } from "../shared/domain-event.js";

export interface FormationUpdate {
  type: string;
  quantity: number;
  previousQuantity: number;
  size: string;
  previousSize: string;
}

/** A dyno the change starts or stops; ids are unique per incarnation of a name. */
export interface DynoSlot {
  dynoId: string;
  /** `type.N`, such as `web.3`. */
  name: string;
  type: string;
  size: string;
  command: string;
}

/**
 * The formation of an app changed. `start` lists the dynos to provision and
 * `stop` those to stop (the highest-numbered first), so the provisioning
 * saga acts on the event alone.
 */
export type FormationChanged = DomainEvent<
  "FormationChanged",
  {
    appId: string;
    updates: FormationUpdate[];
    start: DynoSlot[];
    stop: DynoSlot[];
    at: string;
  }
>;

/**
 * Dynos replaced by new incarnations with the same names (`ps:restart`):
 * each stopped dyno's slot goes to the started dyno of the same name.
 */
export type DynosRestarted = DomainEvent<
  "DynosRestarted",
  { appId: string; stop: DynoSlot[]; start: DynoSlot[]; at: string }
>;
