#!/usr/bin/python3
"""systemd's side of sd_notify(3), for tests: binds an AF_UNIX datagram socket at PATH and
prints every datagram it receives on one line, its KEY=VALUE lines joined by spaces."""
import os
import socket
import sys

path = sys.argv[1]
if os.path.exists(path):
    os.unlink(path)
sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
sock.bind(path)
print("listening", flush=True)
while True:
    data = sock.recv(4096)
    print(" ".join(data.decode("utf-8", "replace").split("\n")).strip(), flush=True)
