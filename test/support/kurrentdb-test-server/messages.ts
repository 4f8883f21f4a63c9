import type { ProposedEvent, StoredRecord } from "./in-memory-log.js";
import { sharedPb, streamsPb, type ReadResp, type Uuid } from "./protocol.js";

/** How a read request wants event ids: as a string or as two signed 64-bit halves. */
export type UuidFormat = "string" | "structured";

interface ProposedMessageLike {
  getId(): Uuid | undefined;
  getMetadataMap(): { get(key: string): string | undefined };
  getData_asU8(): Uint8Array;
  getCustomMetadata_asU8(): Uint8Array;
}

export function uuidToString(uuid: Uuid | undefined): string {
  if (uuid === undefined) throw new Error("The message has no UUID.");
  if (!uuid.hasStructured()) return uuid.getString().toLowerCase();
  const structured = uuid.getStructured()!;
  const high = toUnsignedHex(structured.getMostSignificantBits());
  const low = toUnsignedHex(structured.getLeastSignificantBits());
  return [
    high.slice(0, 8),
    high.slice(8, 12),
    high.slice(12),
    low.slice(0, 4),
    low.slice(4),
  ].join("-");
}

export function uuidMessage(id: string, format: UuidFormat): Uuid {
  const uuid = new sharedPb.UUID();
  if (format === "string") return uuid.setString(id);
  const hex = id.replaceAll("-", "");
  const structured = new sharedPb.UUID.Structured()
    .setMostSignificantBits(toSigned(hex.slice(0, 16)))
    .setLeastSignificantBits(toSigned(hex.slice(16)));
  return uuid.setStructured(structured);
}

export function streamName(
  identifier: { getStreamName_asU8(): Uint8Array } | undefined,
): string {
  if (identifier === undefined) throw new Error("The request names no stream.");
  return Buffer.from(identifier.getStreamName_asU8()).toString("utf8");
}

export function streamIdentifier(
  streamId: string,
): InstanceType<typeof sharedPb.StreamIdentifier> {
  return new sharedPb.StreamIdentifier().setStreamName(
    Uint8Array.from(Buffer.from(streamId, "utf8")),
  );
}

/** Reads a proposed event; the client sends its type and content type in the metadata map. */
export function toProposedEvent(message: ProposedMessageLike): ProposedEvent {
  const metadata = message.getMetadataMap();
  const type = metadata.get("type");
  const contentType = metadata.get("content-type");
  if (!type || !contentType) {
    throw new Error(
      "A proposed event lacks the required metadata type or content-type.",
    );
  }
  return {
    eventId: uuidToString(message.getId()),
    type,
    contentType,
    data: message.getData_asU8(),
    customMetadata: message.getCustomMetadata_asU8(),
  };
}

export function eventResponse(
  record: StoredRecord,
  format: UuidFormat,
): ReadResp {
  const position = record.position.toString();
  const recorded = new streamsPb.ReadResp.ReadEvent.RecordedEvent()
    .setId(uuidMessage(record.eventId, format))
    .setStreamIdentifier(streamIdentifier(record.streamId))
    .setStreamRevision(record.revision.toString())
    .setCommitPosition(position)
    .setPreparePosition(position)
    .setData(record.data)
    .setCustomMetadata(record.customMetadata);
  const metadata = recorded.getMetadataMap();
  metadata.set("type", record.type);
  metadata.set("content-type", record.contentType);
  metadata.set("created", record.createdTicks.toString());
  const event = new streamsPb.ReadResp.ReadEvent()
    .setEvent(recorded)
    .setCommitPosition(position);
  return new streamsPb.ReadResp().setEvent(event);
}

export function confirmationResponse(subscriptionId: string): ReadResp {
  const confirmation =
    new streamsPb.ReadResp.SubscriptionConfirmation().setSubscriptionId(
      subscriptionId,
    );
  return new streamsPb.ReadResp().setConfirmation(confirmation);
}

export function checkpointResponse(position: bigint): ReadResp {
  const checkpoint = new streamsPb.ReadResp.Checkpoint()
    .setCommitPosition(position.toString())
    .setPreparePosition(position.toString());
  return new streamsPb.ReadResp().setCheckpoint(checkpoint);
}

export function streamNotFoundResponse(streamId: string): ReadResp {
  const notFound = new streamsPb.ReadResp.StreamNotFound().setStreamIdentifier(
    streamIdentifier(streamId),
  );
  return new streamsPb.ReadResp().setStreamNotFound(notFound);
}

function toUnsignedHex(value: string): string {
  return BigInt.asUintN(64, BigInt(value)).toString(16).padStart(16, "0");
}

function toSigned(hex: string): string {
  return BigInt.asIntN(64, BigInt(`0x${hex}`)).toString();
}
