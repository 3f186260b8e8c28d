// expect: TS2345 "\"Join\""
import { io, type Socket } from "socket.io-client";
import type { SeedTourClientToServerEvents, SeedTourServerToClientEvents, StackAbuseClientToServerEvents, StackAbuseServerToClientEvents } from "../../../../samples/SeedTour/ClientApp/generated/index.js";

const socket: Socket<SeedTourServerToClientEvents, SeedTourClientToServerEvents> = io("http://localhost:8080");
const stackAbuse: Socket<StackAbuseServerToClientEvents, StackAbuseClientToServerEvents> = io("http://localhost:8080/stackabuse");
void socket;
void stackAbuse;

// The events are camelCase on the wire: "Join" is no event of the hub.
socket.emit("Join", "room-1", (joined: boolean) => joined);
