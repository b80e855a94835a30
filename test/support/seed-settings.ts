// The seed thread's final, working settings (the vendor tool's AARQ, vendor-aarq-hls-gmac /
// vendor-aarq-wrapped): one definition for every test that builds that request from settings.
import type { DeviceSettingsInput } from '../../src-shared/settings';

export const SEED_VENDOR_SETTINGS = {
  interface: 'wrapper-tcp',
  clientAddress: 1,
  serverLogicalAddress: 1,
  referencing: 'ln',
  authentication: 'high-gmac',
  password: { encoding: 'ascii', text: 'elster' },
  clientSystemTitle: { encoding: 'hex', text: '454C531111111111' },
  challenge: { mode: 'fixed', length: 8, fixed: '92DD5CD6F73ACEB7' },
  proposedConformance: 0x403edd,
  maxPduSize: 1070,
  securityPolicy: 'none',
  cipherInitiateRequest: false,
} as const satisfies DeviceSettingsInput;
