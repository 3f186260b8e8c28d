#!/usr/bin/env python3
"""Writes the hand-made seed inputs of every fuzz target into tests/fuzz/<target>/corpus (run once; the fuzzer's
finds that add coverage are committed beside them). Each seed is a valid or nearly valid input of its parser, so
the fuzzer starts from the interesting shapes instead of discovering them."""
import base64, os, struct

root = os.path.dirname(os.path.abspath(__file__))

def write(target, name, data):
    folder = os.path.join(root, target, "corpus")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "seed-" + name + ".bin"), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())

def frame(opcode, payload, fin=True, mask=b"\x37\xfa\x21\x3d", rsv=0):
    first = (0x80 if fin else 0) | rsv | opcode
    n = len(payload)
    if n < 126: head = bytes([first, (0x80 if mask else 0) | n])
    elif n < 65536: head = bytes([first, (0x80 if mask else 0) | 126]) + struct.pack(">H", n)
    else: head = bytes([first, (0x80 if mask else 0) | 127]) + struct.pack(">Q", n)
    if mask:
        return head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
    return head + payload

# websocket-frames: [role|chunk, segment|direct] + stream (server role: masked frames)
ws = {
    "text": frame(1, b"hello"),
    "binary": frame(2, bytes(range(40))),
    "fragmented-text": frame(1, "h\u00e9".encode()[:2], fin=False) + frame(0, "h\u00e9".encode()[2:] + b"llo"),
    "ping-pong-close": frame(9, b"ping") + frame(10, b"") + frame(8, struct.pack(">H", 1000) + b"bye"),
    "close-bad-code": frame(8, struct.pack(">H", 1005)),
    "close-one-byte": frame(8, b"\x03"),
    "len16": frame(2, b"x" * 300),
    "len64": frame(2, b"y" * 70000)[:200],
    "control-between-fragments": frame(1, b"ab", fin=False) + frame(9, b"") + frame(0, b"cd"),
    "utf8-split-4byte": frame(1, "\U0001F600".encode()[:1], fin=False) + frame(0, "\U0001F600".encode()[1:]),
    "invalid-utf8": frame(1, b"\xed\xa0\x80"),
    "rsv": frame(1, b"x", rsv=0x40),
    "unmasked": frame(1, b"x", mask=None),
    "too-big": frame(2, b"z" * 1100),
}
for name, stream in ws.items():
    write("websocket-frames", name, bytes([0x01 | (7 << 1), 0x47]) + stream)
write("websocket-frames", "client-role", bytes([0x00 | (3 << 1), 0x05]) + frame(1, b"from server", mask=None) + frame(8, b"", mask=None))
write("websocket-frames", "bytewise", bytes([0x01, 0x00]) + ws["fragmented-text"] + ws["ping-pong-close"])

# utf8-validator: [split seed] + text
for i, text in enumerate(["plain ascii", "h\u00e9llo w\u00f6rld", "\u20ac\u20ac\u20ac", "\U0001F600\U0001F601", "\ud7ff\ue000\uffff"]):
    write("utf8-validator", f"valid-{i}", bytes([i * 37 % 256]) + text.encode())
for i, raw in enumerate([b"\xc0\xaf", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xe0\x80\xaf", b"ab\xf0\x9f\x98", b"\xff"]):
    write("utf8-validator", f"invalid-{i}", bytes([i * 53 % 256]) + raw)

# upgrade-head: the head up to and including the empty line
head = ("GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: localhost:8080\r\nUpgrade: websocket\r\n"
        "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        "Origin: http://localhost:8080\r\n\r\n")
write("upgrade-head", "valid", head)
write("upgrade-head", "no-origin", head.replace("Origin: http://localhost:8080\r\n", ""))
write("upgrade-head", "content-length", head.replace("\r\n\r\n", "\r\nContent-Length: 5\r\n\r\n"))
write("upgrade-head", "duplicate-host", head.replace("Host:", "Host: a\r\nHost:"))
write("upgrade-head", "folded", head.replace("Upgrade: websocket\r\n", "Upgrade:\r\n websocket\r\n"))
write("upgrade-head", "post", head.replace("GET", "POST"))
write("upgrade-head", "tabs", head.replace(": ", ":\t "))

# engineio-polling: [flags: bit0 declare length, bit1 binary content type] + body
rs = "\x1e"
for i, body in enumerate(["4hello", "4a" + rs + "4b" + rs + "3", "b" + base64.b64encode(bytes(range(16))).decode(), "b", "bAQID", "b!!!", "2", "1",
                          "6" + rs + "4after noop", "4" + rs + rs + "4", "40/chat,{\"token\":\"x\"}", "\u00e9", "4" + "x" * 5000, "9"]):
    write("engineio-polling", f"body-{i}", bytes([1 if i % 2 else 0]) + body.encode())
write("engineio-polling", "binary-content-type", b"\x03" + b"4hello")

# socketio-packets: packet text, then attachments, separated by 0x1E
for i, packet in enumerate(["0", "0/admin,{\"token\":\"abc\"}", "1/admin,", "2[\"chat\",\"hi\",{\"n\":1}]", "2/admin,12[\"e\",[1,2,3],null]",
                            "3/admin,12[\"ok\"]", "312[]", "4{\"message\":\"nope\"}", "0{\"sid\":\"abc\"}", "2[\"na\\u00efve\\n\"]",
                            "2[\"e\" , 1 ]  ", "29007199254740993[\"e\"]", "2[]", "2[1]", "7", "51-"]):
    write("socketio-packets", f"text-{i}", packet)
write("socketio-packets", "binary-event", b"51-[\"upload\",{\"_placeholder\":true,\"num\":0}]\x1e\x01\x02\x03")
write("socketio-packets", "binary-ack", b"62-/admin,7[{\"_placeholder\":true,\"num\":1},{\"_placeholder\":true,\"num\":0}]\x1eab\x1ecd")
write("socketio-packets", "binary-missing", b"52-[\"e\",{\"_placeholder\":true,\"num\":0}]\x1eonly one")
write("socketio-packets", "binary-too-many", b"511-[\"e\"]")

# hub-arguments: the JSON array of arguments, then attachments
for i, args in enumerate(["[\"text\",42]", "[null,true]", "[1e400,-0]", "[2147483648,9223372036854775808]", "[\"3f2504e0-4f89-11d3-9a0c-0305e82c3301\"]",
                          "[{\"error\":\"denied\"}]", "[{\"Name\":\"n\",\"Count\":1,\"Ratio\":0.5,\"Children\":[{\"Name\":\"c\",\"Count\":2,\"Id\":\"3f2504e0-4f89-11d3-9a0c-0305e82c3301\",\"Color\":1}],\"Totals\":{\"a\":1},\"Color\":\"Green\",\"Data\":\"AQID\"}]",
                          "[[1,2,3],{\"k\":\"v\"},\"2024-01-01T00:00:00Z\"]", "[" + "[" * 70 + "]" * 70 + "]", "[\"\\ud800\"]", "[1.5,79228162514264337593543950336]"]):
    write("hub-arguments", f"args-{i}", args)
write("hub-arguments", "placeholder", b"[{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":5}]\x1e\x00\x01")

# redis-envelope: kind, origin, then the fields of that kind (little-endian lengths)
def s(v): return struct.pack("<i", -1) if v is None else struct.pack("<i", len(v.encode())) + v.encode()
def ss(vs): return struct.pack("<i", -1) if vs is None else struct.pack("<i", len(vs)) + b"".join(s(v) for v in vs)
def blob(b): return struct.pack("<i", len(b)) + b
write("redis-envelope", "broadcast", bytes([1]) + s("node-a") + ss(["room1", "room2"]) + ss([]) + blob(b"2[\"e\",1]") + struct.pack("<i", 1) + blob(b"\x01\x02"))
write("redis-envelope", "broadcast-with-ack", bytes([2]) + s("node-a") + struct.pack("<qq", 7, 5000) + ss(None) + ss(["x"]) + blob(b"2[\"e\"]") + struct.pack("<i", 0))
write("redis-envelope", "command", bytes([3]) + s("node-b") + bytes([1]) + ss(["r"]) + ss(None) + s("room"))
write("redis-envelope", "server-side-event", bytes([4]) + s(None) + s("hello") + blob(b"[1,2]"))
write("redis-envelope", "ack-reply", bytes([5]) + s("node-c") + struct.pack("<qii", 7, 2, 2) + s("sock1") + blob(b"[\"ok\"]") + s("sock2") + blob(b"[1]"))
write("redis-envelope", "truncated", (bytes([1]) + s("node-a") + ss(["room1"]))[:-3])
