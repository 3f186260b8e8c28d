// expect: TS2345 "\"announcements\"" "StackAbuseServerToClientEvents"
import { io, type Socket } from "socket.io-client";
import type { SeedTourClientToServerEvents, SeedTourServerToClientEvents, StackAbuseClientToServerEvents, StackAbuseServerToClientEvents } from "../../../../samples/SeedTour/ClientApp/generated/index.js";

const socket: Socket<SeedTourServerToClientEvents, SeedTourClientToServerEvents> = io("http://localhost:8080");
const stackAbuse: Socket<StackAbuseServerToClientEvents, StackAbuseClientToServerEvents> = io("http://localhost:8080/stackabuse");
void socket;
void stackAbuse;

// announcements belongs to the default namespace, not to /stackabuse.
stackAbuse.on("announcements", (announcement) => console.log(announcement));
