#!/usr/bin/env bash
# Debian bookworm (minbase) as a Docker image, made from Debian's archive only: debootstrap into
# a folder, then `docker import`. The base of every stand-in image (deploy/README.md).
#   deploy/standin/debian.sh IMAGE [MIRROR]      (as root; DOCKER names the docker CLI)
set -euo pipefail
image=$1
mirror=${2:-http://deb.debian.org/debian}
suite=bookworm
docker=${DOCKER:-docker}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if ! debootstrap --variant=minbase "$suite" "$work/rootfs" "$mirror" >"$work/debootstrap.log" 2>&1; then
  tail -n 20 "$work/debootstrap.log" >&2
  exit 1
fi
rootfs=$work/rootfs
# What Docker's official Debian images set too: no services started by package installs (there
# is no init), no recommended packages, and no apt caches left in a layer.
printf '#!/bin/sh\nexit 101\n' >"$rootfs/usr/sbin/policy-rc.d"
chmod 755 "$rootfs/usr/sbin/policy-rc.d"
cat >"$rootfs/etc/apt/apt.conf.d/90stand-in" <<'APT'
APT::Install-Recommends "false";
APT::Install-Suggests "false";
Acquire::Languages "none";
APT::Get::Clean "always";
APT
rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb
tar -C "$rootfs" --numeric-owner -c . |
  "$docker" import --change 'ENV LANG=C.UTF-8' --change 'CMD ["/bin/bash"]' \
    --message "debootstrap --variant=minbase $suite $mirror" - "$image" >/dev/null
echo "$image: Debian $(cat "$rootfs/etc/debian_version") from $mirror"
