// The seed tour's page script, typed by the contracts: ./generated is written by `dotnet build` from the C# hub
// interfaces, so a renamed event or field fails `tsc` here instead of failing silently in the browser.
import type { io as connect, Socket } from "socket.io-client";
import type { SeedTourClientToServerEvents, SeedTourServerToClientEvents } from "./generated";

// The page loads socket.io-client's browser bundle from /socket.io/socket.io.js, as a socket.io server serves it.
declare const io: typeof connect;

const socket: Socket<SeedTourServerToClientEvents, SeedTourClientToServerEvents> = io();
// A global, as the page's inline script had it: handy in the browser console (and the browser tests use it).
(globalThis as { socket?: typeof socket }).socket = socket;

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (found === null) {
    throw new Error(`the page has no #${id}`);
  }

  return found as T;
}

function log(text: string): void {
  const item = document.createElement("li");
  item.textContent = text;
  element("log").appendChild(item);
}

socket.on("connect", () => { element("status").textContent = "connected"; });
socket.on("disconnect", (reason) => { element("status").textContent = "disconnected: " + reason; });
socket.on("announcements", (data) => { element("announcement").textContent = data.message; });
socket.on("stats", (data) => { element("count").textContent = String(data.numClients); });

element<HTMLFormElement>("form").addEventListener("submit", (event) => {
  event.preventDefault();
  const input = element<HTMLInputElement>("message");
  const message = input.value;
  socket.emit("event", { message }, (answer) => log("server received: " + answer.received));
  input.value = "";
});
