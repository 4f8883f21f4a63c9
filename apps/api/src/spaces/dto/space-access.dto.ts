import { Type } from "class-transformer";
import {
  ArrayMaxSize,
  IsArray,
  IsString,
  MaxLength,
  ValidateNested,
} from "class-validator";

export class SpacePermissionDto {
  @IsString()
  @MaxLength(50)
  name!: string;
}

/** Body of `PATCH /spaces/{space}/members/{account}`: the full set of the member's space permissions. */
export class SpaceAccessDto {
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => SpacePermissionDto)
  permissions!: SpacePermissionDto[];
}
