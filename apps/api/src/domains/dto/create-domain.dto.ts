import { IsOptional, IsString, MaxLength } from "class-validator";

/** Body of `POST /apps/{app}/domains`. */
export class CreateDomainDto {
  /** Checked against the hostname rules by the domain, which explain each failure. */
  @IsString()
  @MaxLength(1000)
  hostname!: string;

  /** Name or id of one of the app's SNI endpoints; null or absent for none. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  sni_endpoint?: string | null;
}
