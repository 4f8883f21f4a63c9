import { IsString, MaxLength, ValidateIf } from "class-validator";

/** Body of `PATCH /apps/{app}/domains/{domain}`. */
export class UpdateDomainDto {
  /** Name or id of one of the app's SNI endpoints, or null to detach the domain; required. */
  @ValidateIf((_object, value) => value !== null)
  @IsString()
  @MaxLength(200)
  sni_endpoint!: string | null;
}
