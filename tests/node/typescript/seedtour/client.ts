// A TypeScript client of samples/SeedTour that uses every event of its namespaces (/, /stackabuse and /private), typed
// only by the declarations the build generated from the C# contracts (samples/SeedTour/ClientApp/generated). Compiled
// with tsc --strict, then run in Node against the server: prints one line per checked behaviour and exits non-zero on
// the first failure. Usage: node client.js <base url> <JWT for /private with role admin>
import { io, type Socket } from "socket.io-client";
import {
  PrivateNamespace,
  SeedTourNamespace,
  StackAbuseNamespace,
  type PrivateClientToServerEvents,
  type PrivateServerToClientEvents,
  type SeedTourClientToServerEvents,
  type SeedTourServerToClientEvents,
  type StackAbuseClientToServerEvents,
  type StackAbuseServerToClientEvents,
  type Announcement,
  type Stats,
  type RoomMessage,
  type StackAbuseStats,
  type Receipt,
  type Shout,
} from "../../../../samples/SeedTour/ClientApp/generated/index.js";

const url = process.argv[2];
const adminToken = process.argv[3];
const options = { transports: ["websocket"], forceNew: true, reconnection: false };

function check(condition: boolean, what: string): void {
  if (!condition) {
    throw new Error("failed: " + what);
  }

  console.log("ok " + what);
}

function next<T>(register: (resolve: (value: T) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("timed out")), 5000);
    register((value) => { clearTimeout(timer); resolve(value); });
  });
}

const main: Socket<SeedTourServerToClientEvents, SeedTourClientToServerEvents> = io(url + SeedTourNamespace, options);
const announcement = next<Announcement>((resolve) => main.once("announcements", resolve));
const stats = next<Stats>((resolve) => main.once("stats", resolve));
check((await announcement).message === "A new user has joined!", "announcements");
check((await stats).numClients === 1, "stats");

// Acks through a callback, emitWithAck, and timeout().emitWithAck (whose result socket.io types loosely by hand).
const receipt = await next<Receipt>((resolve) => main.emit("event", { message: "hello" }, resolve));
check(receipt.received === "hello", "event acked through a callback");
const joined: boolean = await main.emitWithAck("join", "room-1");
check(joined, "join");
const refused: boolean = await main.timeout(5000).emitWithAck("join", "Not A Room!");
check(!refused, "join refused");

const roomEvent = next<RoomMessage>((resolve) => main.once("some event", resolve));
main.emit("toRoom", { room: "room-1", text: "to the room" });
const delivered = await roomEvent;
check(delivered.room === "room-1" && delivered.text === "to the room", "toRoom delivers some event");

const sum: number = await main.timeout(5000).emitWithAck("add", 2, 3);
check(sum === 5, "add");
const echoed = await main.emitWithAck("echoBinary", new Uint8Array([1, 2, 3, 255]));
const bytes = echoed instanceof ArrayBuffer ? new Uint8Array(echoed) : echoed;
check(bytes.length === 4 && bytes[0] === 1 && bytes[3] === 255, "echoBinary");
const left: boolean = await main.emitWithAck("leave", "room-1");
check(left, "leave");

const stackAbuse: Socket<StackAbuseServerToClientEvents, StackAbuseClientToServerEvents> = io(url + StackAbuseNamespace, options);
const data = await next<StackAbuseStats>((resolve) => stackAbuse.once("stats", resolve));
check(data.data === "some data", "stackabuse stats");

// /private: the token travels in the handshake's auth payload; the acks and the event to the others are typed too.
const privateOptions = { ...options, auth: { token: adminToken } };
const admin: Socket<PrivateServerToClientEvents, PrivateClientToServerEvents> = io(url + PrivateNamespace, privateOptions);
const listener: Socket<PrivateServerToClientEvents, PrivateClientToServerEvents> = io(url + PrivateNamespace, privateOptions);
const identity = await admin.timeout(5000).emitWithAck("whoami");
check(identity.name === "Root" && identity.roles.includes("admin"), "whoami");
const allowed = await admin.emitWithAck("adminOnly");
check(allowed.ok, "adminOnly");
await listener.timeout(5000).emitWithAck("whoami");
const shouted = next<Shout>((resolve) => listener.once("shouted", resolve));
const accepted: boolean = await admin.emitWithAck("shout", "hello all");
const heard = await shouted;
check(accepted && heard.text === "hello all" && heard.from === "Root", "shout heard by the others");

listener.disconnect();
admin.disconnect();
stackAbuse.disconnect();
main.disconnect();
console.log("done");
