#!/bin/sh
# After the .deb is removed: udev forgets the rule.
set -e
if command -v udevadm >/dev/null 2>&1; then udevadm control --reload-rules || true; fi
