import { invalid } from "../../../../libs/domain/src/index.js";
import type { AppRow } from "../../../../libs/read-models/src/index.js";
import type { ReadModelsService } from "../infrastructure/read-models.service.js";

/**
 * Resolves the `sni_endpoint` of a domain request, a name or id of one of
 * the app's SNI endpoints, to its id. Null or absent means none.
 */
export async function resolveSniEndpoint(
  readModels: ReadModelsService,
  app: AppRow,
  nameOrId: string | null | undefined,
): Promise<string | null> {
  if (nameOrId === null || nameOrId === undefined) return null;
  const endpoint = await readModels.domains.sniEndpointOf(app.id, nameOrId);
  if (!endpoint) {
    throw invalid(
      `SNI endpoint ${JSON.stringify(nameOrId)} does not exist on the app ${app.name}: list its certificates with heroku certs -a ${app.name}.`,
    );
  }
  return endpoint.id;
}
