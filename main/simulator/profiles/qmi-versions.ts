// The QMI services (and versions) every virtual modem answers to CTL Get Version Info, and the
// only ones it allocates client ids for. One table: the profiles serve the same services. The
// versions are those libqmi's qmicli accepted from an earlier simulator, with UIM and WDA added.

export const QMI_VERSIONS: readonly { service: number; major: number; minor: number }[] = [
  { service: 0x00, major: 1, minor: 5 }, // CTL
  { service: 0x01, major: 1, minor: 67 }, // WDS
  { service: 0x02, major: 1, minor: 14 }, // DMS
  { service: 0x03, major: 1, minor: 25 }, // NAS
  { service: 0x0b, major: 1, minor: 46 }, // UIM
  { service: 0x1a, major: 1, minor: 16 }, // WDA
];
