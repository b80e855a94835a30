// The simulator's device model: load a device file (assets/devices/*.json) into COSEM objects with DlmsData values.
export { loadDeviceFile, parseDeviceFile, DeviceFileError } from './load';
export type { AssociationModel, CosemObjectModel, DeviceModel, KeySet } from './model';
export { objectListData, xdlmsContextInfo, encodedLength, dlmsOid } from './model';
export { generateLoadProfile, type GeneratedProfile } from './profile';
export { dataToDeviceValue, deviceValueToData, dateTimeBytesToText, dateTimeTextToBytes, DeviceValueError } from './values';
