# shellcheck shell=bash disable=SC2034
# Shared by vm/prepare, vm/run and vm/test: paths and messages. Sourced, not run.

VM_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$VM_DIR/.." && pwd)
CACHE=${PIRANHA_VM_CACHE:-$REPO/.vm-cache}

say() { printf 'vm: %s\n' "$*" >&2; }
die() { printf 'vm: error: %s\n' "$*" >&2; exit 1; }

# True when the running kernel offers IPVS (built in, already loaded, or loadable).
host_has_ipvs() {
    [[ -e /proc/net/ip_vs ]] && return 0
    modprobe -q ip_vs 2>/dev/null && [[ -e /proc/net/ip_vs ]]
}
