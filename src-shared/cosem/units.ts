// The unit enumeration of the Blue Book (IEC 62056-6-2, "scaler_unit" of Register, class 3, attribute 3):
// unit ::= enum, code → symbol and the quantity it measures. Codes 58/59, 68/69, 73..127, 175..253 are reserved.
// Checked against the Blue Book excerpt table (codes 1-64) and Gurux's Unit enumeration (65-72, 128-174, 254, 255).

export interface UnitInfo {
  code: number;
  /** Symbol as the Blue Book prints it ("m³", "°C", "varh"). */
  symbol: string;
  /** Quantity and unit name in the Blue Book's words. */
  quantity: string;
}

// [code, symbol, quantity]
const TABLE: ReadonlyArray<readonly [number, string, string]> = [
  [1, 'a', 'time: year'],
  [2, 'mo', 'time: month'],
  [3, 'wk', 'time: week'],
  [4, 'd', 'time: day'],
  [5, 'h', 'time: hour'],
  [6, 'min', 'time: minute'],
  [7, 's', 'time (t): second'],
  [8, '°', '(phase) angle: degree'],
  [9, '°C', 'temperature (T): degree celsius'],
  [10, 'currency', '(local) currency'],
  [11, 'm', 'length (l): metre'],
  [12, 'm/s', 'speed (v): metre per second'],
  [13, 'm³', 'volume (V): cubic metre'],
  [14, 'm³', 'corrected volume: cubic metre'],
  [15, 'm³/h', 'volume flux: cubic metre per hour'],
  [16, 'm³/h', 'corrected volume flux: cubic metre per hour'],
  [17, 'm³/d', 'volume flux: cubic metre per day'],
  [18, 'm³/d', 'corrected volume flux: cubic metre per day'],
  [19, 'l', 'volume: litre'],
  [20, 'kg', 'mass (m): kilogram'],
  [21, 'N', 'force (F): newton'],
  [22, 'Nm', 'energy: newton metre'],
  [23, 'Pa', 'pressure (p): pascal'],
  [24, 'bar', 'pressure (p): bar'],
  [25, 'J', 'energy: joule'],
  [26, 'J/h', 'thermal power: joule per hour'],
  [27, 'W', 'active power (P): watt'],
  [28, 'VA', 'apparent power (S): volt-ampere'],
  [29, 'var', 'reactive power (Q): var'],
  [30, 'Wh', 'active energy: watt-hour'],
  [31, 'VAh', 'apparent energy: volt-ampere-hour'],
  [32, 'varh', 'reactive energy: var-hour'],
  [33, 'A', 'current (I): ampere'],
  [34, 'C', 'electrical charge (Q): coulomb'],
  [35, 'V', 'voltage (U): volt'],
  [36, 'V/m', 'electric field strength (E): volt per metre'],
  [37, 'F', 'capacitance (C): farad'],
  [38, 'Ω', 'resistance (R): ohm'],
  [39, 'Ωm²/m', 'resistivity (ρ): ohm metre'],
  [40, 'Wb', 'magnetic flux (Φ): weber'],
  [41, 'T', 'magnetic flux density (B): tesla'],
  [42, 'A/m', 'magnetic field strength (H): ampere per metre'],
  [43, 'H', 'inductance (L): henry'],
  [44, 'Hz', 'frequency (f, ω): hertz'],
  [45, '1/(Wh)', 'R_W: active energy meter constant or pulse value'],
  [46, '1/(varh)', 'R_B: reactive energy meter constant or pulse value'],
  [47, '1/(VAh)', 'R_S: apparent energy meter constant or pulse value'],
  [48, 'V²h', 'volt-squared hour'],
  [49, 'A²h', 'ampere-squared hour'],
  [50, 'kg/s', 'mass flux: kilogram per second'],
  [51, 'S', 'conductance: siemens (mho)'],
  [52, 'K', 'temperature (T): kelvin'],
  [53, '1/(V²h)', 'R_U²h: volt-squared hour meter constant or pulse value'],
  [54, '1/(A²h)', 'R_I²h: ampere-squared hour meter constant or pulse value'],
  [55, '1/m³', 'R_V: meter constant or pulse value (volume)'],
  [56, '%', 'percentage'],
  [57, 'Ah', 'ampere-hour'],
  [60, 'Wh/m³', 'energy per volume'],
  [61, 'J/m³', 'calorific value, wobbe'],
  [62, 'Mol %', 'molar fraction of gas composition: mole percent'],
  [63, 'g/m³', 'mass density, quantity of material'],
  [64, 'Pa s', 'dynamic viscosity: pascal second'],
  [65, 'J/kg', 'specific energy: joule per kilogram'],
  [66, 'g/cm²', 'pressure: gram per square centimetre'],
  [67, 'atm', 'pressure: atmosphere'],
  [70, 'dBm', 'signal strength: dB milliwatt'],
  [71, 'dBµV', 'signal strength: dB microvolt'],
  [72, 'dB', 'logarithmic ratio: decibel'],
  [128, 'in', 'length: inch'],
  [129, 'ft', 'length: foot'],
  [130, 'lb', 'mass: pound'],
  [131, '°F', 'temperature: degree Fahrenheit'],
  [132, '°R', 'temperature: degree Rankine'],
  [133, 'sq in', 'area: square inch'],
  [134, 'sq ft', 'area: square foot'],
  [135, 'ac', 'area: acre'],
  [136, 'cu in', 'volume: cubic inch'],
  [137, 'cu ft', 'volume: cubic foot'],
  [138, 'ac-ft', 'volume: acre-foot'],
  [139, 'gal (UK)', 'volume: imperial gallon'],
  [140, 'gal (US)', 'volume: US gallon'],
  [141, 'lbf', 'force: pound force'],
  [142, 'psi', 'pressure: pound force per square inch'],
  [143, 'lb/cu ft', 'density: pound per cubic foot'],
  [144, 'lb/(ft s)', 'dynamic viscosity: pound per foot second'],
  [145, 'sq ft/s', 'kinematic viscosity: square foot per second'],
  [146, 'Btu', 'energy: British thermal unit'],
  [147, 'thm (EU)', 'energy: therm EU'],
  [148, 'thm (US)', 'energy: therm US'],
  [149, 'Btu/lb', 'specific energy: British thermal unit per pound'],
  [150, 'Btu/cu ft', 'calorific value: British thermal unit per cubic foot'],
  [151, 'cu ft', 'volume: cubic feet'],
  [152, 'ft/s', 'speed: foot per second'],
  [153, 'cu ft/s', 'volume flux: cubic foot per second'],
  [154, 'cu ft/min', 'volume flux: cubic foot per minute'],
  [155, 'cu ft/h', 'volume flux: cubic foot per hour'],
  [156, 'cu ft/d', 'volume flux: cubic foot per day'],
  [157, 'ac-ft/s', 'volume flux: acre-foot per second'],
  [158, 'ac-ft/min', 'volume flux: acre-foot per minute'],
  [159, 'ac-ft/h', 'volume flux: acre-foot per hour'],
  [160, 'ac-ft/d', 'volume flux: acre-foot per day'],
  [161, 'gal (UK)', 'volume: imperial gallon'],
  [162, 'gal (UK)/s', 'volume flux: imperial gallon per second'],
  [163, 'gal (UK)/min', 'volume flux: imperial gallon per minute'],
  [164, 'gal (UK)/h', 'volume flux: imperial gallon per hour'],
  [165, 'gal (UK)/d', 'volume flux: imperial gallon per day'],
  [166, 'gal (US)', 'volume: US gallon'],
  [167, 'gal (US)/s', 'volume flux: US gallon per second'],
  [168, 'gal (US)/min', 'volume flux: US gallon per minute'],
  [169, 'gal (US)/h', 'volume flux: US gallon per hour'],
  [170, 'gal (US)/d', 'volume flux: US gallon per day'],
  [171, 'Btu/s', 'power: British thermal unit per second'],
  [172, 'Btu/min', 'power: British thermal unit per minute'],
  [173, 'Btu/h', 'power: British thermal unit per hour'],
  [174, 'Btu/d', 'power: British thermal unit per day'],
  [254, 'other', 'other unit'],
  [255, 'count', 'no unit, unitless, count'],
];

export const UNITS: ReadonlyMap<number, UnitInfo> = new Map(
  TABLE.map(([code, symbol, quantity]) => [code, { code, symbol, quantity }]),
);

/** code → symbol, the form an `{ enum: ... }` type description wants. */
export const UNIT_SYMBOLS: Readonly<Record<number, string>> = Object.fromEntries(TABLE.map(([c, s]) => [c, s]));

export function unitInfo(code: number): UnitInfo | undefined {
  return UNITS.get(code);
}

/** Symbol for display; unknown codes show as "unit(n)". Count (255) has no symbol on a value. */
export function unitSymbol(code: number): string {
  return UNITS.get(code)?.symbol ?? `unit(${code})`;
}
