import {
  type CustomDomainEvent,
  type CustomDomainState,
  evolveCustomDomain,
  initialCustomDomain,
} from "../../../../libs/domain/src/index.js";
import type { StreamModel } from "../infrastructure/event-sourced-repository.js";

export const customDomainModel: StreamModel<
  CustomDomainState,
  CustomDomainEvent
> = {
  initial: initialCustomDomain,
  evolve: evolveCustomDomain,
};
