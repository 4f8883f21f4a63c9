import { IsBoolean, IsOptional, IsString, MaxLength } from "class-validator";

/** Body of `PUT` and `PATCH /teams/{team}/members`. */
export class TeamMemberDto {
  @IsString()
  @MaxLength(254)
  email!: string;

  @IsString()
  @MaxLength(20)
  role!: string;

  /** Accepted for compatibility; identity federation is not modelled. */
  @IsOptional()
  @IsBoolean()
  federated?: boolean;
}
