import { SPACE_REGIONS } from "../../../../libs/domain/src/index.js";
import type { SpaceRow } from "../../../../libs/read-models/src/index.js";
import { namedRef } from "./reference.js";

/** The Platform API's Space resource; `region.description` only when the caller asks for the expansion. */
export function presentSpace(
  space: SpaceRow,
  expandRegion: boolean,
): Record<string, unknown> {
  const team = { id: space.teamId, name: space.teamName };
  const region: Record<string, unknown> = namedRef("region", space.region);
  if (expandRegion)
    region.description = SPACE_REGIONS[space.region] ?? space.region;
  return {
    id: space.id,
    name: space.name,
    organization: team,
    team,
    region,
    shield: space.shield,
    state: space.state,
    cidr: space.cidr,
    data_cidr: space.dataCidr,
    generation: namedRef("generation", space.generation),
    created_at: space.createdAt,
    updated_at: space.updatedAt,
  };
}
