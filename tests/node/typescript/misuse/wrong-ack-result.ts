// expect: TS2322 "number" "string"
import { io, type Socket } from "socket.io-client";
import type { SeedTourClientToServerEvents, SeedTourServerToClientEvents, StackAbuseClientToServerEvents, StackAbuseServerToClientEvents } from "../../../../samples/SeedTour/ClientApp/generated/index.js";

const socket: Socket<SeedTourServerToClientEvents, SeedTourClientToServerEvents> = io("http://localhost:8080");
const stackAbuse: Socket<StackAbuseServerToClientEvents, StackAbuseClientToServerEvents> = io("http://localhost:8080/stackabuse");
void socket;
void stackAbuse;

// add is acked with a number.
export const sum: Promise<string> = socket.emitWithAck("add", 1, 2);
