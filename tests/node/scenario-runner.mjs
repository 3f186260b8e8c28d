// The shared frame of the socket.io-client scenario scripts: one JSON object per line on stdout, the named
// scenario run under a deadline, then {"kind":"done"} — or {"error":...} and exit code 1 — and the clients closed.

/** Prints one record as a JSON line; the xunit tests assert on these lines. */
export const out = (record) => console.log(JSON.stringify(record));

/**
 * Runs scenarios[name]. A scenario still running after timeoutMs fails the script. Afterwards every client is
 * disconnected (and its Engine.IO connection closed), cleanup runs, and the process ends.
 */
export async function runScenario(scenarios, name, { timeoutMs, clients, cleanup = () => {} }) {
  const scenario = scenarios[name];
  if (!scenario) {
    console.error(`unknown scenario ${name}`);
    process.exit(2);
  }

  const watchdog = setTimeout(() => {
    out({ error: "scenario timed out" });
    process.exit(1);
  }, timeoutMs);

  try {
    await scenario();
    out({ kind: "done" });
  } catch (err) {
    out({ error: String(err?.stack ?? err) });
    process.exitCode = 1;
  } finally {
    clearTimeout(watchdog);
    cleanup();
    for (const s of clients) s.disconnect();
    for (const s of clients) s.io?.engine?.close();
    setTimeout(() => process.exit(), 50).unref();
  }
}
