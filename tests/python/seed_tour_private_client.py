"""Connects to samples/SeedTour's /private namespace with python-socketio's `auth`, as an independent client.

Usage: python3 seed_tour_private_client.py <server url> <websocket|polling> <user token> <expired token>
Prints one JSON object with what was observed; the xunit test asserts on it.
"""
import json
import sys

import socketio

url, transport, user_token, expired_token = sys.argv[1:5]
observed = {}

# A valid token in the CONNECT auth payload: whoami, a refused adminOnly, and the socket still up.
client = socketio.Client(reconnection=False)
client.connect(url, namespaces=["/private"], transports=[transport], auth={"token": user_token}, wait_timeout=5)
observed["whoami"] = client.call("whoami", namespace="/private", timeout=5)
observed["adminOnly"] = client.call("adminOnly", namespace="/private", timeout=5)
observed["shout"] = client.call("shout", "hi from python", namespace="/private", timeout=5)
observed["stillConnected"] = client.connected
client.disconnect()

# An expired token: refused with connect_error "unauthorized" and its reason.
refused = socketio.Client(reconnection=False)
errors = []
refused.on("connect_error", lambda data: errors.append(data), namespace="/private")
try:
    refused.connect(url, namespaces=["/private"], transports=[transport], auth={"token": expired_token}, wait_timeout=5)
    observed["expiredConnected"] = True
except socketio.exceptions.ConnectionError as error:
    observed["expiredConnected"] = False
    observed["expiredError"] = str(error)
observed["expiredData"] = errors[0] if errors else None
refused.disconnect()

print(json.dumps(observed, separators=(",", ":")))
