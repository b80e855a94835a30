// Loads a device file: JSON → zod schema → cross-reference checks → DeviceModel. Every problem becomes a
// DeviceFileError naming the file and the JSON path ("$.objects[3].attributes.2"), so a bad file says where.
import { readFileSync } from 'node:fs';
import { checkValueType } from '../../../src-shared/cosem/classes/check';
import { deviceFileSchema, formatObis, jsonPath, parseObis, type DeviceFile } from '../../../src-shared/cosem/device-file';
import { getAttributeDescriptor, getClassDescriptor, getMethodDescriptor } from '../../../src-shared/cosem/registry';
import { fromHex } from '../../../src-shared/hex';
import { buildAssociation, CosemObject, provideAssociationLn, type AssociationModel, type CosemObjectModel, type DeviceModel, type KeySet } from './model';
import { generateLoadProfile } from './profile';
import { deviceValueToData, DeviceValueError } from './values';
import type { DlmsData } from '../../dlms/axdr/types';

export class DeviceFileError extends Error {
  constructor(
    readonly file: string,
    /** JSON path of the offending value, "$" for the whole file. */
    readonly jsonPath: string,
    readonly detail: string,
  ) {
    super(`${file}: ${jsonPath}: ${detail}`);
    this.name = 'DeviceFileError';
  }
}

export function loadDeviceFile(path: string): DeviceModel {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new DeviceFileError(path, '$', `cannot read: ${(e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new DeviceFileError(path, '$', `not JSON: ${(e as Error).message}`);
  }
  return parseDeviceFile(json, path);
}

export function parseDeviceFile(json: unknown, source = '<device file>'): DeviceModel {
  const parsed = deviceFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new DeviceFileError(source, jsonPath(issue.path), issue.message);
  }
  return buildModel(parsed.data, source);
}

function buildModel(f: DeviceFile, source: string): DeviceModel {
  const fail = (path: PropertyKey[], message: string): never => {
    throw new DeviceFileError(source, jsonPath(path), message);
  };

  // identity: the system title starts with the manufacturer id (Green Book 9.4.2.2.4)
  const systemTitle = fromHex(f.identity.systemTitle);
  if (String.fromCharCode(...systemTitle.subarray(0, 3)) !== f.identity.manufacturer) {
    fail(['identity', 'systemTitle'], `must start with the manufacturer id '${f.identity.manufacturer}' in ASCII`);
  }

  // objects
  const byObis = new Map<string, CosemObject>();
  const byBaseName = new Map<number, CosemObject>();
  const objects: CosemObject[] = [];
  f.objects.forEach((o, i) => {
    const descriptor = getClassDescriptor(o.classId, o.version) ?? fail(['objects', i, 'version'], `no descriptor for class ${o.classId} version ${o.version}`);
    const ln = parseObis(o.obis)!;
    const key = formatObis(ln);
    if (byObis.has(key)) fail(['objects', i, 'obis'], `duplicate object ${key}`);
    const obj = new CosemObject(o.classId, o.version, ln, descriptor, o.name, o.baseName);
    if (o.baseName !== undefined) {
      if (byBaseName.has(o.baseName)) fail(['objects', i, 'baseName'], `duplicate base name 0x${o.baseName.toString(16)}`);
      byBaseName.set(o.baseName, obj);
    }
    for (const [k, v] of Object.entries(o.attributes)) {
      const index = Number(k);
      const path = ['objects', i, 'attributes', k];
      const a = getAttributeDescriptor(descriptor, index) ?? fail(path, `${descriptor.name} has no attribute ${index}`);
      if (index === 1) fail(path, 'logical_name comes from "obis"; do not repeat it');
      const problem = checkValueType(v, a.type);
      if (problem) fail(path, `${a.name}: ${problem}`);
      let data: DlmsData;
      try {
        data = deviceValueToData(v);
      } catch (e) {
        if (e instanceof DeviceValueError) fail([...path, ...e.path], e.message);
        throw e;
      }
      obj.set(index, data!);
    }
    byObis.set(key, obj);
    objects.push(obj);
  });
  const find = (text: string): CosemObject | undefined => {
    const b = parseObis(text);
    return b ? byObis.get(formatObis(b)) : undefined;
  };
  const need = (path: PropertyKey[], text: string, classIds: number[]): CosemObject => {
    const o = find(text) ?? fail(path, `no object ${text} in "objects"`);
    if (!classIds.includes(o.classId)) fail(path, `${text} is class ${o.classId}, expected class ${classIds.join(' or ')}`);
    return o;
  };

  // generators
  f.generators.forEach((g, i) => {
    const target = need(['generators', i, 'profile'], g.profile, [7]);
    if (target.profile) fail(['generators', i, 'profile'], `${g.profile} already has a generator`);
    if ((Date.parse(g.start) / 1000) % g.capturePeriod !== 0) fail(['generators', i, 'start'], `not on a ${g.capturePeriod} s capture boundary`);
    g.columns.forEach((c, j) => need(['generators', i, 'columns', j, 'obis'], c.obis, [c.classId]));
    const profile = generateLoadProfile(g);
    target.profile = profile;
    const captureObjects = g.columns.map((c) => {
      const o = find(c.obis)!;
      return st({ type: 'long-unsigned', value: c.classId }, { type: 'octet-string', value: o.logicalName }, { type: 'integer', value: c.attributeIndex }, { type: 'long-unsigned', value: 0 });
    });
    target.provide(2, () => profile.rows());
    target.provide(3, () => ({ type: 'array', items: captureObjects }));
    target.provide(4, () => ({ type: 'double-long-unsigned', value: g.capturePeriod }));
    target.provide(5, () => ({ type: 'enum', value: 1 }));
    target.provide(7, () => ({ type: 'double-long-unsigned', value: g.entries }));
    target.provide(8, () => ({ type: 'double-long-unsigned', value: g.entries }));
  });

  // security
  const keySets = new Map<string, KeySet>();
  for (const [name, k] of Object.entries(f.security.keySets)) {
    keySets.set(name, {
      ek: fromHex(k.ek),
      ak: fromHex(k.ak),
      ...(k.kek ? { kek: fromHex(k.kek) } : {}),
      ...(k.dedicatedKey ? { dedicatedKey: fromHex(k.dedicatedKey) } : {}),
      ...(k.serverSigningKey ? { serverSigningKey: fromHex(k.serverSigningKey) } : {}),
      ...(k.clientSigningPublicKey ? { clientSigningPublicKey: fromHex(k.clientSigningPublicKey) } : {}),
    });
  }

  // associations
  const clients = new Map<number, AssociationModel>();
  const associations = f.associations.map((a, i) => {
    const at = (...p: PropertyKey[]) => ['associations', i, ...p];
    if (clients.has(a.clientAddress)) fail(at('clientAddress'), `client ${a.clientAddress} has two associations`);
    const assocObject = need(at('logicalName'), a.logicalName, a.applicationContext.startsWith('logical-name') ? [15] : [12]);
    need(at('security', 'securitySetup'), a.security.securitySetup, [64]);
    const keys = keySets.get(a.security.keys) ?? fail(at('security', 'keys'), `no key set '${a.security.keys}' in security.keySets`);
    if (a.authentication.mechanism === 1 && a.authentication.password === undefined) fail(at('authentication', 'password'), 'low level security (mechanism 1) needs a password');
    if (a.authentication.mechanism === 7) {
      // HLS-ECDSA signs with P-256 in suite 1 and P-384 in suite 2 (Green Book 9.2.3.4.7)
      const size = a.security.suite === 1 ? 32 : a.security.suite === 2 ? 48 : fail(at('security', 'suite'), 'HLS-ECDSA (mechanism 7) needs security suite 1 (P-256) or 2 (P-384)');
      if (keys.serverSigningKey?.length !== size) fail(at('security', 'keys'), `HLS-ECDSA suite ${a.security.suite} needs a ${size}-byte serverSigningKey in key set '${a.security.keys}'`);
      if (keys.clientSigningPublicKey?.length !== 2 * size) fail(at('security', 'keys'), `HLS-ECDSA suite ${a.security.suite} needs a ${2 * size}-byte clientSigningPublicKey in key set '${a.security.keys}'`);
    }
    if (a.security.policy !== 0 && !a.applicationContext.endsWith('with-ciphering')) {
      fail(at('security', 'policy'), `policy ${a.security.policy} ciphers APDUs, which needs a "…-with-ciphering" application context`);
    }
    if (a.objects !== 'all') {
      a.objects.forEach((o, j) => {
        if (!find(o)) fail(at('objects', j), `no object ${o} in "objects"`);
      });
    }
    a.accessRights.forEach((r, j) => {
      const o = find(r.obis) ?? fail(at('accessRights', j, 'obis'), `no object ${r.obis} in "objects"`);
      for (const k of Object.keys(r.attributes ?? {})) {
        if (!getAttributeDescriptor(o.descriptor, Number(k))) fail(at('accessRights', j, 'attributes', k), `${o.descriptor.name} has no attribute ${k}`);
      }
      for (const k of Object.keys(r.methods ?? {})) {
        if (!getMethodDescriptor(o.descriptor, Number(k))) fail(at('accessRights', j, 'methods', k), `${o.descriptor.name} has no method ${k}`);
      }
    });
    const model = buildAssociation(a, objects, (t) => find(t), keys);
    if (assocObject.classId === 15) provideAssociationLn(assocObject, model, f.addressing.wrapper.serverWPort);
    clients.set(a.clientAddress, model);
    return model;
  });

  return {
    source,
    file: f,
    identity: {
      name: f.identity.name,
      manufacturer: f.identity.manufacturer,
      systemTitle,
      logicalDeviceName: Uint8Array.from(f.identity.logicalDeviceName, (c) => c.charCodeAt(0)),
    },
    addressing: f.addressing,
    invocationCounterStart: f.security.invocationCounterStart,
    keySets,
    objects,
    associations,
    getObject(obis) {
      return typeof obis === 'string' ? find(obis) : byObis.get(formatObis(obis));
    },
    objectsOfClass(classId) {
      return objects.filter((o) => o.classId === classId);
    },
    objectByBaseName(baseName) {
      return byBaseName.get(baseName);
    },
    associationForClient(clientAddress) {
      return clients.get(clientAddress);
    },
  } satisfies DeviceModel;
}

function st(...items: DlmsData[]): DlmsData {
  return { type: 'structure', items };
}

export type { CosemObjectModel };
