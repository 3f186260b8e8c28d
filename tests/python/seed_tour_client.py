"""Drives samples/SeedTour with python-socketio (Debian's python3-socketio) as an independent client.

Usage: python3 seed_tour_client.py <server url> <websocket|polling>
Prints one JSON object with what was observed; the xunit test asserts on it.
"""
import json
import sys
import threading
import time

import socketio

url, transport = sys.argv[1], sys.argv[2]
observed = {}


class Recorder:
    """Collects the events one client receives, so the test can compare members and non-members."""

    def __init__(self, name):
        self.name = name
        self.events = []
        self.changed = threading.Condition()
        self.client = socketio.Client(reconnection=False)
        for event in ("announcements", "stats", "some event"):
            self.client.on(event, self._recorder(event))

    def _recorder(self, event):
        def record(*args):
            with self.changed:
                self.events.append([event, *args])
                self.changed.notify_all()
        return record

    def wait_for(self, predicate, timeout=5.0):
        deadline = time.monotonic() + timeout
        with self.changed:
            while not any(predicate(e) for e in self.events):
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self.changed.wait(left)
            return True

    def count(self, event):
        with self.changed:
            return sum(1 for e in self.events if e[0] == event)


member = Recorder("member")
outsider = Recorder("outsider")
member.client.connect(url, transports=[transport], wait_timeout=5)
outsider.client.connect(url, transports=[transport], wait_timeout=5)

observed["announcement"] = member.wait_for(lambda e: e[0] == "announcements") and [
    e[1] for e in member.events if e[0] == "announcements"][0]
observed["sawTwoClients"] = member.wait_for(lambda e: e[0] == "stats" and e[1].get("numClients") == 2)
observed["add"] = member.client.call("add", (2, 40), timeout=5)
observed["eventAck"] = member.client.call("event", {"message": "hello from python"}, timeout=5)
observed["joinValid"] = member.client.call("join", "py-room", timeout=5)
observed["joinInvalid"] = member.client.call("join", "Not A Room!", timeout=5)

member.client.emit("toRoom", {"room": "py-room", "text": "for members"})
observed["memberGotRoomMessage"] = member.wait_for(
    lambda e: e[0] == "some event" and e[1] == {"room": "py-room", "text": "for members"})
observed["leave"] = member.client.call("leave", "py-room", timeout=5)
member.client.emit("toRoom", {"room": "py-room", "text": "after leave"})
# Per-sender ordering: this ack arrives after the toRoom above was handled.
member.client.call("add", (0, 0), timeout=5)
time.sleep(0.3)
observed["roomMessagesToMember"] = member.count("some event")
observed["roomMessagesToOutsider"] = outsider.count("some event")
binary = bytes(range(256))
echoed = member.client.call("echoBinary", binary, timeout=5)
observed["binaryEchoed"] = echoed == binary

outsider.client.disconnect()
observed["sawOneClientAfterDisconnect"] = member.wait_for(
    lambda e: e[0] == "stats" and e[1].get("numClients") == 1)
member.client.disconnect()
print(json.dumps(observed), flush=True)
