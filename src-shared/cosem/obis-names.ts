// Names for common OBIS codes, used as labels (object browser, dissector meanings). Sources: the
// OBIS tables of the Blue Book (DLMS UA 1000-1 ch. 7, IEC 62056-6-1) as listed by public stacks.
// Abstract objects come from a table keyed 'C.D.E' (or 'C.D.*' with E as the instance); media
// quantities (electricity A=1 and the basics of heat cost A=4, heat/cooling A=5/6, gas A=7,
// water A=8/9) are built from rules over C (quantity), D (processing) and E (tariff rate).

import type { Obis } from './obis';

type EName = string | ((e: number) => string);

const inst = (name: string, first = 0) => (e: number): string => (e === first ? name : `${name} (instance ${e})`);
const nth = (name: string) => (e: number): string => `${name} ${e + 1}`;

/** Abstract objects (A = 0, and for C = 96..99 any A): 'C.D.E' exact or 'C.D.*'. */
const ABSTRACT: Readonly<Record<string, EName>> = {
  '0.1.0': 'Billing period counter (1)',
  '0.1.1': 'Number of available billing periods (1)',
  '0.1.2': 'Time stamp of the most recent billing period (1)',
  '0.2.0': 'Active firmware identifier',
  '0.2.8': 'Active firmware signature',
  '0.9.1': 'Local time',
  '0.9.2': 'Local date',
  '1.0.*': inst('Clock'),
  '2.0.0': 'Modem configuration',
  '2.1.0': 'Auto connect',
  '2.2.0': 'Auto answer',
  '10.0.0': 'Global meter reset (script table)',
  '10.0.1': 'MDI reset / end of billing period (script table)',
  '10.0.100': 'Tariffication script table',
  '10.0.101': 'Activate test mode (script table)',
  '10.0.102': 'Activate normal mode (script table)',
  '10.0.103': 'Set output signals (script table)',
  '10.0.104': 'Switch optical test output (script table)',
  '10.0.105': 'Power quality measurement management (script table)',
  '10.0.106': 'Disconnect control script table',
  '10.0.107': 'Image activation script table',
  '10.0.108': 'Push script table',
  '11.0.0': 'Special days table',
  '12.0.*': inst('Schedule'),
  '13.0.0': 'Activity calendar',
  '14.0.*': inst('Register activation'),
  '15.0.0': 'End of billing period (single action schedule)',
  '15.0.1': 'Disconnect control scheduler',
  '15.0.2': 'Image activation scheduler',
  '15.0.3': 'Output control scheduler',
  '15.0.4': 'Push action scheduler',
  '16.0.*': inst('Register monitor'),
  '17.0.*': inst('Limiter'),
  '20.0.0': 'IEC optical port setup',
  '20.0.1': 'IEC electrical port setup',
  '21.0.0': 'General local port readout',
  '22.0.0': 'IEC HDLC setup',
  '23.0.0': 'IEC twisted pair (1) setup',
  '24.0.0': 'M-Bus slave port setup',
  '24.1.*': inst('M-Bus client'),
  '24.2.*': inst('M-Bus value'),
  '24.3.*': inst('M-Bus profile generic'),
  '24.4.0': 'M-Bus disconnect control',
  '24.5.0': 'M-Bus control log',
  '24.6.0': 'M-Bus master port setup',
  '25.0.0': 'TCP-UDP setup',
  '25.1.0': 'IPv4 setup',
  '25.2.0': 'MAC address setup',
  '25.3.0': 'PPP setup',
  '25.4.0': 'GPRS modem setup',
  '25.5.0': 'SMTP setup',
  '25.6.0': 'GSM diagnostic',
  '25.7.0': 'IPv6 setup',
  '25.9.0': 'Push setup',
  '25.10.0': 'NTP setup',
  '25.11.0': 'LTE monitoring',
  '40.0.*': (e) => (e === 0 ? 'Current association' : `Association (instance ${e})`),
  '41.0.0': 'SAP assignment',
  '42.0.0': 'COSEM logical device name',
  '43.0.*': (e) => `Security setup (instance ${e})`,
  '43.1.*': (e) => `Invocation counter (frame counter) of security setup ${e}`,
  '44.0.*': inst('Image transfer'),
  '96.1.0': 'Device ID 1, manufacturing number',
  '96.1.*': nth('Device ID'),
  '96.1.10': 'Metering point ID',
  '96.2.0': 'Number of configuration program changes',
  '96.2.13': 'Date of last firmware activation',
  '96.3.10': 'Disconnect control',
  '96.6.3': 'Battery voltage',
  '96.7.0': 'Number of power failures in all three phases',
  '96.7.9': 'Number of long power failures in any phase',
  '96.7.21': 'Number of power failures in any phase',
  '96.8.0': 'Time of operation, total',
  '96.9.0': 'Ambient temperature',
  '96.10.*': inst('Status register'),
  '96.11.*': nth('Event code'),
  '96.12.5': 'GSM field strength',
  '96.14.*': nth('Currently active tariff'),
  '96.15.*': nth('Event counter'),
  '97.97.*': nth('Error register'),
  '98.1.*': inst('Data of billing period (scheme 1)'),
  '98.2.*': inst('Data of billing period (scheme 2)'),
  '99.1.*': inst('Load profile with recording period 1'),
  '99.2.*': inst('Load profile with recording period 2'),
  '99.3.0': 'Load profile during test',
  '99.12.*': inst('Connection profile'),
  '99.97.*': inst('Power failure event log'),
  '99.98.*': inst('Event log'),
};

/** Objects where B numbers instances rather than channels (0.b.25.9.0.255 push setup). */
const B_IS_INSTANCE = new Set(['25.9']);

/** Electricity C = 0 (general purpose) beyond the shared ones. */
const ELECTRICITY_GENERAL: Readonly<Record<string, EName>> = {
  '0.0.*': nth('Electricity ID'),
  '0.4.2': 'Transformer ratio - current (numerator)',
  '0.4.3': 'Transformer ratio - voltage (numerator)',
  '0.8.0': 'Measurement period 1 (averaging scheme 1)',
  '0.8.1': 'Measurement period 2 (averaging scheme 2)',
  '0.8.4': 'Recording interval 1 (load profile)',
  '0.8.5': 'Recording interval 2 (load profile)',
};

function lookup(table: Readonly<Record<string, EName>>, c: number, d: number, e: number): string | undefined {
  const exact = table[`${c}.${d}.${e}`];
  const n = exact ?? table[`${c}.${d}.*`];
  return n === undefined ? undefined : typeof n === 'string' ? n : n(e);
}

// Electricity quantities by C within a phase block (C 1..20; L1 = +20, L2 = +40, L3 = +60):
// [power/instantaneous wording, energy wording for time integrals].
const ELECTRICITY_C: Readonly<Record<number, readonly [string, string?]>> = {
  1: ['active power import (+P)', 'active energy import (+A)'],
  2: ['active power export (-P)', 'active energy export (-A)'],
  3: ['reactive power import (+Q)', 'reactive energy import (+R)'],
  4: ['reactive power export (-Q)', 'reactive energy export (-R)'],
  5: ['reactive power QI', 'reactive energy QI'],
  6: ['reactive power QII', 'reactive energy QII'],
  7: ['reactive power QIII', 'reactive energy QIII'],
  8: ['reactive power QIV', 'reactive energy QIV'],
  9: ['apparent power import (+S)', 'apparent energy import (+S)'],
  10: ['apparent power export (-S)', 'apparent energy export (-S)'],
  11: ['current'],
  12: ['voltage'],
  13: ['power factor'],
  14: ['supply frequency'],
  15: ['active power |+P|+|-P|', 'active energy |+A|+|-A|'],
  16: ['active power (+P)-(-P)', 'active energy (+A)-(-A)'],
  17: ['active power QI', 'active energy QI'],
  18: ['active power QII', 'active energy QII'],
  19: ['active power QIII', 'active energy QIII'],
  20: ['active power QIV', 'active energy QIV'],
};

const ELECTRICITY_OTHER_C: Readonly<Record<number, string>> = {
  81: 'angle',
  82: 'unitless quantity (pulses or pieces)',
  91: 'neutral current',
  92: 'neutral voltage',
};

// Processing (value group D), Blue Book 7.5.3.
const D_NAMES: Readonly<Record<number, string>> = {
  0: 'billing period average',
  1: 'cumulative minimum 1',
  2: 'cumulative maximum 1',
  3: 'minimum 1',
  4: 'current average 1',
  5: 'last average 1',
  6: 'maximum demand (maximum 1)',
  7: 'instantaneous',
  8: 'time integral 1',
  9: 'time integral 2',
  10: 'time integral 3',
  11: 'cumulative minimum 2',
  12: 'cumulative maximum 2',
  13: 'minimum 2',
  14: 'current average 2',
  15: 'last average 2',
  16: 'maximum 2',
  21: 'cumulative minimum 3',
  22: 'cumulative maximum 3',
  23: 'minimum 3',
  24: 'current average 3',
  25: 'last average 3',
  26: 'maximum 3',
  27: 'current average 5',
  28: 'current average 6',
  29: 'time integral 5',
  30: 'time integral 6',
  31: 'under limit threshold',
  32: 'under limit occurrence counter',
  33: 'under limit duration',
  34: 'under limit magnitude',
  35: 'over limit threshold',
  36: 'over limit occurrence counter',
  37: 'over limit duration',
  38: 'over limit magnitude',
  39: 'missing threshold',
  40: 'missing occurrence counter',
  41: 'missing duration',
  42: 'missing magnitude',
  55: 'test average',
  58: 'time integral 4',
};
const TIME_INTEGRALS = new Set([8, 9, 10, 29, 30, 58]);

const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

function rate(e: number): string {
  return e === 0 ? 'total' : e <= 63 ? `rate ${e}` : `E=${e}`;
}

function electricityQuantity(c: number, d: number, e: number): string | undefined {
  let quantity: string | undefined;
  let tariffed = false;
  if (c >= 1 && c <= 80) {
    const base = ((c - 1) % 20) + 1;
    const phase = c <= 20 ? '' : `L${Math.floor((c - 1) / 20)} `;
    const words = ELECTRICITY_C[base]!;
    const energy = TIME_INTEGRALS.has(d) && words[1] !== undefined;
    quantity = phase + (energy ? words[1]! : words[0]);
    tariffed = words[1] !== undefined;
  } else {
    quantity = ELECTRICITY_OTHER_C[c];
  }
  const proc = D_NAMES[d];
  if (quantity === undefined || proc === undefined) return undefined;
  const parts = [cap(quantity)];
  if (d !== 8) parts.push(proc);
  if (tariffed && d !== 7) parts.push(rate(e));
  else if (e !== 0) parts.push(`E=${e}`);
  return parts.join(', ');
}

const MEDIA: Readonly<Record<number, { medium: string; c: Readonly<Record<number, string>> }>> = {
  4: {
    medium: 'Heat cost allocator',
    c: { 1: 'unrated integral', 2: 'rated integral', 3: 'radiator surface temperature', 4: 'heating medium temperature', 5: 'flow (forward) temperature', 6: 'return temperature', 7: 'room temperature' },
  },
  5: { medium: 'Cooling', c: { 1: 'energy', 2: 'accumulated flow volume' } },
  6: { medium: 'Heat', c: { 1: 'energy', 2: 'accumulated flow volume' } },
  7: {
    medium: 'Gas',
    c: {
      1: 'forward undisturbed meter volume',
      2: 'forward disturbed meter volume',
      3: 'forward absolute meter volume',
      11: 'forward undisturbed corrected volume',
      12: 'forward disturbed corrected volume',
      13: 'forward absolute corrected volume',
      21: 'forward undisturbed volume at base conditions',
      22: 'forward disturbed volume at base conditions',
      23: 'forward absolute volume at base conditions',
      43: 'flow rate',
    },
  },
  8: { medium: 'Cold water', c: { 1: 'accumulated volume', 2: 'flow rate' } },
  9: { medium: 'Hot water', c: { 1: 'accumulated volume', 2: 'flow rate' } },
};

function billing(f: number): string {
  if (f === 255) return '';
  if (f <= 99) return `, billing period ${f}`;
  if (f >= 101 && f <= 125) return `, last ${f - 100} billing periods`;
  return `, F=${f}`;
}

/** A label for an OBIS code, or undefined when the code is not one of the known groups. */
export function obisName(o: Obis): string | undefined {
  const [a, b, c, d, e, f] = o;
  let name: string | undefined;
  let bIsInstance = false;
  if (a === 0 || c >= 96) {
    name = lookup(ABSTRACT, c, d, e);
    bIsInstance = B_IS_INSTANCE.has(`${c}.${d}`);
  } else if (a === 1) {
    name = c === 0 ? (lookup(ELECTRICITY_GENERAL, c, d, e) ?? lookup(ABSTRACT, c, d, e)) : electricityQuantity(c, d, e);
  } else {
    const m = MEDIA[a];
    if (m !== undefined && c === 0) name = lookup(ABSTRACT, c, d, e);
    else if (m !== undefined && m.c[c] !== undefined) name = `${m.medium}: ${m.c[c]}, D=${d}, ${rate(e)}`;
  }
  if (name === undefined) return undefined;
  if (b !== 0) name += bIsInstance ? ` ${b}` : `, channel ${b}`;
  return name + billing(f);
}
