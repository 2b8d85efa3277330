#!/usr/bin/python3
"""Floods a heartbeat port, for bench/hb-flood: RATE datagrams a second for SECONDS from
BIND_IP (any port) to TARGET_IP:PORT, paced in 1 ms slices.

Usage: flood.py BIND_IP TARGET_IP PORT RATE SECONDS KIND
KIND: garbage (7 bytes of junk) or running (Piranha's RUNNING, 4 bytes in host byte order).
Prints "flooding" when it starts and "sent N in S s" when done.
"""
import socket
import struct
import sys
import time


def main():
    bind_ip, target_ip, port, rate, seconds, kind = sys.argv[1:7]
    port, rate, seconds = int(port), int(rate), float(seconds)
    payload = struct.pack("=I", 0xBDADDBDA) if kind == "running" else b"\x13\x37junk!"
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind((bind_ip, 0))
    target = (target_ip, port)
    print("flooding", flush=True)
    start = time.monotonic()
    sent = 0
    while True:
        elapsed = time.monotonic() - start
        if elapsed >= seconds:
            break
        due = int(elapsed * rate) + 1
        while sent < due:
            try:
                sock.sendto(payload, target)
            except OSError:
                pass
            sent += 1
        time.sleep(0.001)
    print("sent %d in %.1f s" % (sent, time.monotonic() - start), flush=True)


if __name__ == "__main__":
    main()
