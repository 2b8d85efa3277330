#!/usr/bin/python3
"""Forges ICMP port unreachable messages that quote a pulse heartbeat, as the partner's kernel
would send them if nothing listened on its heartbeat port.

usage: port_unreachable.py TO QUOTED_SOURCE QUOTED_DESTINATION PORT INTERVAL

Sends, every INTERVAL seconds until killed, an ICMP destination unreachable / port unreachable
to TO (from this namespace's own address, chosen by the kernel) quoting an IPv4 + UDP header from
QUOTED_SOURCE:PORT to QUOTED_DESTINATION:PORT. Prints "ready" once the socket is open and "sent N"
after every 10th message.
"""
import socket
import struct
import sys
import time


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    total = (total >> 16) + (total & 0xFFFF)
    total += total >> 16
    return ~total & 0xFFFF


def message(source, destination, port):
    udp = struct.pack("!HHHH", port, port, 8 + 24, 0)
    inner = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + 8 + 24, 0x1234, 0x4000, 64, socket.IPPROTO_UDP, 0,
                        socket.inet_aton(source), socket.inet_aton(destination))
    inner = inner[:10] + struct.pack("!H", checksum(inner)) + inner[12:]
    body = struct.pack("!I", 0) + inner + udp
    icmp = struct.pack("!BBH", 3, 3, 0) + body
    return struct.pack("!BBH", 3, 3, checksum(icmp)) + body


def main():
    to, source, destination, port, interval = sys.argv[1:6]
    data = message(source, destination, int(port))
    sock = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
    print("ready", flush=True)
    sent = 0
    while True:
        sock.sendto(data, (to, 0))
        sent += 1
        if sent % 10 == 0:
            print("sent %d" % sent, flush=True)
        time.sleep(float(interval))


if __name__ == "__main__":
    main()
