import { uuidFrom } from "../infrastructure/command-context.js";

/**
 * Id of the default-domain certificate that the naming event (AppCreated or
 * AppRenamed) `namingEventId` calls for. A later rename back to an earlier
 * name is another naming event, so it gets a fresh certificate.
 */
export function defaultDomainCertificateId(
  appId: string,
  namingEventId: string,
): string {
  return uuidFrom("certificate", "default-domain", appId, namingEventId);
}

/**
 * Id of a custom domain's certificate while the ACM switch-on `acmEpochId`
 * (an AcmEnabled event id) is in force: enabling ACM and adding the domain
 * while it is on lead to the same certificate.
 */
export function customDomainCertificateId(
  domainId: string,
  acmEpochId: string,
): string {
  return uuidFrom("certificate", "custom-domain", domainId, acmEpochId);
}
