import { IsBoolean, IsOptional, IsString, MaxLength } from "class-validator";

/** Body of `POST /teams/apps`, as `heroku create` sends it. */
export class CreateTeamAppDto {
  @IsOptional()
  @IsString()
  @MaxLength(100)
  name?: string;

  /** Space name or id; the app's team and region follow from it. */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  space?: string;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  team?: string;

  @IsOptional()
  @IsString()
  @MaxLength(50)
  region?: string;

  @IsOptional()
  @IsString()
  @MaxLength(50)
  stack?: string;

  @IsOptional()
  @IsBoolean()
  internal_routing?: boolean;
}
