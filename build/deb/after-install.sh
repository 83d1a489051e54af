#!/bin/sh
# After the .deb is installed: the helper must be root-owned and not writable by others (pkexec
# runs it as root; polkit's exec.path names it), and udev applies the new rule to modems already
# plugged in.
set -e
chown root:root /usr/libexec/modem-doctor/modem-doctor-helper
chmod 0755 /usr/libexec/modem-doctor/modem-doctor-helper
if command -v udevadm >/dev/null 2>&1; then
  udevadm control --reload-rules || true
  udevadm trigger --subsystem-match=tty --subsystem-match=usbmisc --subsystem-match=wwan --action=change || true
fi
