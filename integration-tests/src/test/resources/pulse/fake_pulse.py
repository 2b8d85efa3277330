#!/usr/bin/python3
"""A stand-in for Piranha's pulse, written apart from piranha's Java code: it speaks Piranha's
heartbeat (one 4-byte magic number in host byte order per UDP datagram) from BIND_IP:PORT to
PARTNER_IP:PORT every KEEPALIVE seconds.

Usage: fake_pulse.py BIND_IP PORT PARTNER_IP KEEPALIVE [MODE]

Commands on stdin, one per line, change what it sends from then on (the first datagram of the
new mode goes out at once):
  running   RUNNING (0xbdaddbda)     stopped   STOPPED (0xadbddabd)
  silent    nothing                  garbage   3 bytes, 5 bytes and a FOS magic (0xbeefbabe) in turn
  raw HEX   the bytes HEX (a captured heartbeat, replayed)
  quit      exit
Prints "ready" once bound, then "recv SOURCE_IP:SOURCE_PORT NAME" for every datagram received,
NAME being RUNNING, STOPPED or the datagram in hex.
"""
import socket
import struct
import sys
import threading
import time
import time

RUNNING = 0xBDADDBDA
STOPPED = 0xADBDDABD


def word(magic):
    return struct.pack("=I", magic)  # host byte order, as Piranha's pulse sent it


NAMES = {word(RUNNING): "RUNNING", word(STOPPED): "STOPPED"}
GARBAGE = [b"\x01\x02\x03", b"\x00" * 5, word(0xBEEFBABE)]


def main():
    bind_ip, port, partner_ip, keepalive = sys.argv[1], int(sys.argv[2]), sys.argv[3], float(sys.argv[4])
    state = {"mode": sys.argv[5] if len(sys.argv) > 5 else "silent", "garbage": 0}
    wake = threading.Event()
    sent = threading.Event()
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind((bind_ip, port))
    print("ready", flush=True)

    def receive():
        while True:
            data, (ip, sport) = sock.recvfrom(2048)
            print("recv %s:%d %s" % (ip, sport, NAMES.get(data, data.hex())), flush=True)

    def send():
        while True:
            mode = state["mode"]
            if mode == "running":
                payload = word(RUNNING)
            elif mode == "stopped":
                payload = word(STOPPED)
            elif mode.startswith("raw "):
                payload = bytes.fromhex(mode[4:])
            elif mode == "garbage":
                payload = GARBAGE[state["garbage"] % len(GARBAGE)]
                state["garbage"] += 1
            else:
                payload = None
            if payload is not None:
                try:
                    sock.sendto(payload, (partner_ip, port))
                    state["sent"] = mode
                    sent.set()
                except OSError as e:
                    print("send failed: %s" % e, flush=True)
            wake.wait(keepalive)
            wake.clear()

    threading.Thread(target=receive, daemon=True).start()
    threading.Thread(target=send, daemon=True).start()
    for line in sys.stdin:
        command = line.strip()
        if command == "quit":
            break
        if command in ("running", "stopped", "silent", "garbage") or command.startswith("raw "):
            state["mode"] = command
            wake.set()
            # "mode X" once a datagram of X is out (unless X sends nothing): a test that switches
            # modes back to back must not have one skipped by a sender that had not woken up
            deadline = time.time() + 5
            while command != "silent" and state.get("sent") != command and time.time() < deadline:
                sent.wait(0.05)
                sent.clear()
            print("mode %s" % command, flush=True)


if __name__ == "__main__":
    main()
