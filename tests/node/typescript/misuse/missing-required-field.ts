// expect: TS2345 "text"
import { io, type Socket } from "socket.io-client";
import type { SeedTourClientToServerEvents, SeedTourServerToClientEvents, StackAbuseClientToServerEvents, StackAbuseServerToClientEvents } from "../../../../samples/SeedTour/ClientApp/generated/index.js";

const socket: Socket<SeedTourServerToClientEvents, SeedTourClientToServerEvents> = io("http://localhost:8080");
const stackAbuse: Socket<StackAbuseServerToClientEvents, StackAbuseClientToServerEvents> = io("http://localhost:8080/stackabuse");
void socket;
void stackAbuse;

// RoomMessage has a room and a text.
socket.emit("toRoom", { room: "room-1" });
