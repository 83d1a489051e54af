// The doctor's findings by their stable ids: what the report, the wizard and the virtual modem's
// scenarios (each declares the findings the doctor must raise for it) refer to. The rules that
// raise them come with the doctor; the ids are fixed here first so the scenarios can name them.

export type FindingId =
  // The device and who holds it
  | 'modem-unresponsive'        // the control ports are there but answer neither QMI nor AT
  | 'modemmanager-holds-device' // ModemManager has the QMI/AT ports open
  | 'port-busy'                 // another program has the port open
  | 'permission-denied'         // the user may not open the device node
  | 'wrong-at-port'             // the port chosen for AT is NMEA, DIAG or silent; another one answers
  | 'modem-in-storage-mode'     // the USB id is the installer CD-ROM, not the modem (usb_modeswitch)
  // Radio and SIM
  | 'radio-off'                 // operating mode low-power/offline (AT+CFUN=0/4)
  | 'sim-absent'
  | 'sim-pin-required'
  | 'sim-puk-required'
  | 'sim-blocked'               // PUK attempts used up: only the operator can help
  // Network
  | 'not-registered'            // searching or idle, not on a network
  | 'registration-denied'       // the network refused the SIM
  | 'weak-signal'
  // Data session
  | 'apn-missing'               // no APN where the operator needs one
  | 'apn-mismatch'              // an APN the operator does not know
  | 'data-format-mismatch'      // modem link layer (WDA) and kernel (qmi_wwan raw_ip) disagree
  | 'usbnet-mode-wrong'         // a USB composition without the QMI network function
  | 'autoconnect-holds-bearer'  // the modem's own autoconnect holds the data session (NO_EFFECT)
  | 'call-failed'               // the network refused the data call for a reason none of the above explains
  | 'implausible-settings'      // the session's address, gateway, DNS or MTU cannot be right
  // From an imported log
  | 'decoder-byte-shift';       // a reader on an ARMv5 router misread the values by a byte (uqmi, 2018)
