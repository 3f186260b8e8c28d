// The seed tour's page script, typed by the contracts: ./generated is written by `dotnet build` from the C# hub
// interfaces, so a renamed event or field fails `tsc` here instead of failing silently in the browser.
// Each section of the page plays one part of the tour (docs/samples.md).
import type { io as connect, Socket } from "socket.io-client";
import type {
  SeedTourClientToServerEvents,
  SeedTourServerToClientEvents,
  StackAbuseClientToServerEvents,
  StackAbuseServerToClientEvents,
} from "./generated";

// The page loads socket.io-client's browser bundle from /socket.io/socket.io.js, as a socket.io server serves it.
declare const io: typeof connect;

const socket: Socket<SeedTourServerToClientEvents, SeedTourClientToServerEvents> = io();
// Globals, as the page's inline script had them: handy in the browser console (and the browser tests use them).
(globalThis as { socket?: typeof socket }).socket = socket;

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (found === null) {
    throw new Error(`the page has no #${id}`);
  }

  return found as T;
}

function show(id: string, text: string): void {
  element(id).textContent = text;
}

function append(listId: string, text: string): void {
  const item = document.createElement("li");
  item.textContent = text;
  element(listId).appendChild(item);
}

function onSubmit(formId: string, handler: (submitter: HTMLElement | null) => void): void {
  element<HTMLFormElement>(formId).addEventListener("submit", (event) => {
    event.preventDefault();
    handler(event.submitter);
  });
}

function input(id: string): HTMLInputElement {
  return element<HTMLInputElement>(id);
}

// Connection: status and transport (polling first, then the upgrade to WebSocket).
function showTransport(): void {
  show("transport", socket.io.engine?.transport.name ?? "none");
}

socket.on("connect", () => {
  show("status", "connected");
  showTransport();
  socket.io.engine.once("upgrade", showTransport);
});
socket.on("disconnect", (reason) => {
  show("status", "disconnected: " + reason);
  show("transport", "none");
});

// 1, 2: the announcement to this socket and the live user count of `/`.
socket.on("announcements", (data) => show("announcement", data.message));
socket.on("stats", (data) => show("count", String(data.numClients)));

// 3: an event with its ack.
onSubmit("form", () => {
  const message = input("message").value;
  socket.emit("event", { message }, (answer) => append("log", "server received: " + answer.received));
  input("message").value = "";
});

// 4, 5, 6: rooms, joined and left on the server, and a message to everyone in one.
const joinedRooms = new Set<string>();

function showRooms(): void {
  const list = element("rooms");
  list.replaceChildren();
  for (const room of [...joinedRooms].sort()) {
    append("rooms", room);
  }

  list.dataset.count = String(joinedRooms.size);
}

onSubmit("room-form", async (submitter) => {
  const room = input("room").value.trim();
  if (submitter?.id === "leave") {
    await socket.emitWithAck("leave", room);
    joinedRooms.delete(room);
    show("room-result", `left ${room}`);
  } else if (await socket.emitWithAck("join", room)) {
    joinedRooms.add(room);
    show("room-result", `joined ${room}`);
  } else {
    show("room-result", `refused: ${room} (a-z, 0-9 and -, at most 32)`);
  }

  showRooms();
});

onSubmit("to-room-form", () => {
  socket.emit("toRoom", { room: input("to-room").value.trim(), text: input("room-text").value });
  input("room-text").value = "";
});
socket.on("some event", (data) => append("room-log", `${data.room}: ${data.text}`));

// 7: add with its ack.
onSubmit("add-form", async () => {
  const sum = await socket.emitWithAck("add", Number(input("a").value), Number(input("b").value));
  show("sum", String(sum));
});

// 8: binary echo: the bytes go out as an attachment and come back as one.
onSubmit("binary-form", async () => {
  const sent = new TextEncoder().encode(input("binary-text").value);
  const echoed = await socket.emitWithAck("echoBinary", sent);
  const bytes = echoed instanceof Uint8Array ? echoed : new Uint8Array(echoed);
  const same = bytes.length === sent.length && bytes.every((value, i) => value === sent[i]);
  show("binary-result", `${bytes.length} bytes back, ${same ? "identical" : "different"}: ${new TextDecoder().decode(bytes)}`);
});

// The /stackabuse namespace, over the same connection: its `stats` goes to its own sockets only.
const stackAbuse: Socket<StackAbuseServerToClientEvents, StackAbuseClientToServerEvents> = io("/stackabuse");
(globalThis as { stackAbuse?: typeof stackAbuse }).stackAbuse = stackAbuse;
stackAbuse.on("connect", () => show("stackabuse-status", "connected"));
stackAbuse.on("disconnect", (reason) => show("stackabuse-status", "disconnected: " + reason));
stackAbuse.on("stats", (data) => append("stackabuse-log", "stats: " + data.data));
