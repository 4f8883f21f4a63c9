import { createRequire } from "node:module";

import type * as AnyPb from "google-protobuf/google/protobuf/any_pb.js";
import type * as EmptyPb from "google-protobuf/google/protobuf/empty_pb.js";
import type * as ServerFeaturesGrpc from "@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/serverfeatures_grpc_pb.js";
import type * as ServerFeaturesPb from "@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/serverfeatures_pb.js";
import type * as SharedPb from "@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/shared_pb.js";
import type * as StatusPb from "@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/status_pb.js";
import type * as StreamsGrpc from "@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_grpc_pb.js";
import type * as StreamsPb from "@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_pb.js";

/**
 * The client package's own generated protobuf modules. The test server must
 * build its messages with these exact module instances, and with the
 * `google-protobuf` they load, because the generated serializers check
 * `instanceof` against their own classes.
 */
const GENERATED = "@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/";

const requireFromHere = createRequire(import.meta.url);
const streamsModulePath = requireFromHere.resolve(`${GENERATED}streams_pb.js`);
/** Resolves `google-protobuf` the way the generated modules do. */
const requireFromGenerated = createRequire(streamsModulePath);

export const streamsPb = requireFromHere(streamsModulePath) as typeof StreamsPb;
export const streamsGrpc = requireFromHere(
  `${GENERATED}streams_grpc_pb.js`,
) as typeof StreamsGrpc;
export const sharedPb = requireFromHere(
  `${GENERATED}shared_pb.js`,
) as typeof SharedPb;
export const statusPb = requireFromHere(
  `${GENERATED}status_pb.js`,
) as typeof StatusPb;
export const serverFeaturesPb = requireFromHere(
  `${GENERATED}serverfeatures_pb.js`,
) as typeof ServerFeaturesPb;
export const serverFeaturesGrpc = requireFromHere(
  `${GENERATED}serverfeatures_grpc_pb.js`,
) as typeof ServerFeaturesGrpc;
export const anyPb = requireFromGenerated(
  "google-protobuf/google/protobuf/any_pb.js",
) as typeof AnyPb;
export const emptyPb = requireFromGenerated(
  "google-protobuf/google/protobuf/empty_pb.js",
) as typeof EmptyPb;

export type ReadReq = StreamsPb.ReadReq;
export type ReadResp = StreamsPb.ReadResp;
export type AppendReq = StreamsPb.AppendReq;
export type AppendResp = StreamsPb.AppendResp;
export type BatchAppendReq = StreamsPb.BatchAppendReq;
export type BatchAppendResp = StreamsPb.BatchAppendResp;
export type Uuid = SharedPb.UUID;
