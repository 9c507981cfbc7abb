// Apart from protocol.ts (zod, the schemas): the patient page and the TV
// need this constant and nothing of those.
/**
 * Every open stream gets a heartbeat this often. Devices take two missed ones
 * as a dead connection (client/net/device-stream.ts), and a clinic must see a
 * silent network loss within 15 s, so this bounds how late that is noticed.
 */
export const HEARTBEAT_MS = 5_000;
