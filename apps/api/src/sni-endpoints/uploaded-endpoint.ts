import { invalid, notFound } from "../../../../libs/domain/src/index.js";
import type {
  AppRow,
  SniEndpointQueries,
  SniEndpointRow,
} from "../../../../libs/read-models/src/index.js";

/**
 * Finds an endpoint of the app that a user may update or remove: an
 * uploaded one, as ACM issues and renews its own certificates.
 */
export async function findUploadedEndpoint(
  queries: SniEndpointQueries,
  app: AppRow,
  identity: string,
): Promise<SniEndpointRow> {
  const row = await queries.endpointOf(app.id, identity);
  if (!row) {
    throw notFound("sni-endpoint", "Couldn't find that SNI endpoint.");
  }
  if (row.acm) {
    throw invalid(
      `${row.name} is a certificate of Automated Certificate Management, which issues and renews it: it cannot be updated or removed by hand.`,
    );
  }
  return row;
}
