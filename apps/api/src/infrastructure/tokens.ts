/** Injection tokens of the ports, whose implementations are chosen by configuration. */
export const EVENT_STORE = Symbol("EventStore");
export const READ_MODEL_DB = Symbol("ReadModelDb");
export const SECRET_BOX = Symbol("SecretBox");
