// The device settings form, grouped as an engineer thinks about a meter: how to reach it
// (Connection), how to associate (Association), how APDUs are protected (Security), what xDLMS
// is proposed. Each field shows the bytes it becomes (fields.tsx, from the live preview).

import type { Authentication, InterfaceType, SecurityPolicy } from '../../../src-shared/settings';
import { ConformanceField } from './ConformanceField';
import { mechanismName, type Draft } from './draft';
import { BytesInput, Field, SecretInput, Select, TextInput } from './fields';
import { useSettings } from './store';

const INTERFACES: ReadonlyArray<readonly [InterfaceType, string]> = [
  ['wrapper-tcp', 'TCP wrapper (IEC 62056-47)'],
  ['wrapper-udp', 'UDP wrapper (IEC 62056-47)'],
  ['hdlc-tcp', 'HDLC over TCP'],
  ['hdlc-serial', 'HDLC on serial'],
  ['hdlc-mode-e', 'HDLC via optical probe (mode E)'],
];

const ADDRESS_SIZES: ReadonlyArray<readonly [Draft['serverAddressSize'], string]> = [
  ['0', 'auto (smallest that fits)'],
  ['1', '1 byte (logical only)'],
  ['2', '2 bytes'],
  ['4', '4 bytes'],
];

const AUTHENTICATIONS: ReadonlyArray<readonly [Authentication, string]> = [
  ['none', 'none: lowest level security'],
  ['low', 'low: LLS password'],
  ['high', 'high: manufacturer specific'],
  ['high-md5', 'high-md5'],
  ['high-sha1', 'high-sha1'],
  ['high-gmac', 'high-gmac'],
  ['high-sha256', 'high-sha256'],
  ['high-ecdsa', 'high-ecdsa'],
];

const POLICIES: ReadonlyArray<readonly [SecurityPolicy, string]> = [
  ['none', 'none'],
  ['authenticated', 'authenticated'],
  ['encrypted', 'encrypted'],
  ['authenticated-encrypted', 'authenticated and encrypted'],
];

const SUITES: ReadonlyArray<readonly [Draft['securitySuite'], string]> = [
  ['0', 'suite 0: AES-GCM-128'],
  ['1', 'suite 1: AES-GCM-128, ECDH/ECDSA P-256'],
  ['2', 'suite 2: AES-GCM-256, ECDH/ECDSA P-384'],
];

export function SettingsForm() {
  const d = useSettings((s) => s.draft);
  const update = useSettings((s) => s.update);
  const hdlc = d.interface.startsWith('hdlc');
  return (
    <form className="settings-form" aria-label="Device settings" onSubmit={(e) => e.preventDefault()}>
      <section className="settings-group" aria-labelledby="group-connection">
        <h3 id="group-connection">Connection</h3>
        <Field label="Interface" setting="interface">
          {(id) => <Select id={id} name="interface" value={d.interface} options={INTERFACES} onChange={(v) => update({ interface: v })} />}
        </Field>
        <Field label="Host" setting="host" hint="not in the AARQ">
          {(id) => <TextInput id={id} name="host" value={d.host} onChange={(v) => update({ host: v })} />}
        </Field>
        <Field label="Port" setting="port" hint="not in the AARQ (4059 by convention)">
          {(id) => <TextInput id={id} name="port" value={d.port} onChange={(v) => update({ port: v })} />}
        </Field>
        <Field label="Client address" setting="clientAddress" hint={hdlc ? 'HDLC source address' : 'wrapper source wPort'}>
          {(id) => <TextInput id={id} name="clientAddress" value={d.clientAddress} onChange={(v) => update({ clientAddress: v })} />}
        </Field>
        <Field label="Server logical address" setting="serverLogicalAddress" hint={hdlc ? 'upper HDLC address' : 'wrapper destination wPort'}>
          {(id) => <TextInput id={id} name="serverLogicalAddress" value={d.serverLogicalAddress} onChange={(v) => update({ serverLogicalAddress: v })} />}
        </Field>
        <Field label="Server physical address" setting="serverPhysicalAddress" hint={hdlc ? 'lower HDLC address' : 'HDLC only'}>
          {(id) => <TextInput id={id} name="serverPhysicalAddress" value={d.serverPhysicalAddress} onChange={(v) => update({ serverPhysicalAddress: v })} />}
        </Field>
        <Field label="Server address size" setting="serverAddressSize" hint="HDLC only">
          {(id) => <Select id={id} name="serverAddressSize" value={d.serverAddressSize} options={ADDRESS_SIZES} onChange={(v) => update({ serverAddressSize: v })} />}
        </Field>
      </section>

      <section className="settings-group" aria-labelledby="group-association">
        <h3 id="group-association">Association</h3>
        <Field label="Referencing" setting="referencing">
          {(id) => (
            <Select
              id={id}
              name="referencing"
              value={d.referencing}
              options={[
                ['ln', 'LN: logical name'],
                ['sn', 'SN: short name'],
              ]}
              onChange={(v) => update({ referencing: v })}
            />
          )}
        </Field>
        <Field label="Authentication" setting="authentication" hint={<span data-testid="mechanism-name">mechanism-name {mechanismName(d.authentication)}</span>}>
          {(id) => <Select id={id} name="authentication" value={d.authentication} options={AUTHENTICATIONS} onChange={(v) => update({ authentication: v })} />}
        </Field>
        <Field label="Password / HLS secret" setting="password">
          {(id) => <BytesInput id={id} name="password" secret value={d.password} onChange={(v) => update({ password: v })} />}
        </Field>
        <Field label="Client system title" setting="clientSystemTitle" hint="8 bytes">
          {(id) => <BytesInput id={id} name="clientSystemTitle" value={d.clientSystemTitle} onChange={(v) => update({ clientSystemTitle: v })} />}
        </Field>
        <Field label="Challenge" setting="challenge" hint="client-to-server challenge (HLS), 8..64 bytes">
          {(id) => (
            <span className="challenge">
              <Select
                id={id}
                name="challengeMode"
                value={d.challengeMode}
                options={[
                  ['random', 'random at connect time'],
                  ['fixed', 'fixed'],
                ]}
                onChange={(v) => update({ challengeMode: v })}
              />
              {d.challengeMode === 'random' ? (
                <label className="check">
                  length
                  <input name="challengeLength" className="short" value={d.challengeLength} onChange={(e) => update({ challengeLength: e.target.value })} />
                </label>
              ) : (
                <input name="challengeFixed" aria-label="Fixed challenge (hex)" className="mono" value={d.challengeFixed} spellCheck={false} onChange={(e) => update({ challengeFixed: e.target.value })} />
              )}
            </span>
          )}
        </Field>
      </section>

      <section className="settings-group" aria-labelledby="group-security">
        <h3 id="group-security">Security</h3>
        <Field label="Security policy" setting="securityPolicy">
          {(id) => <Select id={id} name="securityPolicy" value={d.securityPolicy} options={POLICIES} onChange={(v) => update({ securityPolicy: v })} />}
        </Field>
        <Field label="Security suite" setting="securitySuite">
          {(id) => <Select id={id} name="securitySuite" value={d.securitySuite} options={SUITES} onChange={(v) => update({ securitySuite: v })} />}
        </Field>
        <Field label="Block cipher key (EK)" setting="blockCipherKey">
          {(id) => <SecretInput id={id} name="blockCipherKey" value={d.blockCipherKey} onChange={(v) => update({ blockCipherKey: v })} />}
        </Field>
        <Field label="Authentication key (AK)" setting="authenticationKey">
          {(id) => <SecretInput id={id} name="authenticationKey" value={d.authenticationKey} onChange={(v) => update({ authenticationKey: v })} />}
        </Field>
        <Field label="Ciphered InitiateRequest" setting="cipherInitiateRequest" hint="glo-initiate-request in the AARQ">
          {(id) => (
            <Select
              id={id}
              name="cipherInitiateRequest"
              value={d.cipherInitiateRequest ? 'yes' : 'no'}
              options={[
                ['no', 'no: plain InitiateRequest'],
                ['yes', 'yes: ciphered'],
              ]}
              onChange={(v) => update({ cipherInitiateRequest: v === 'yes' })}
            />
          )}
        </Field>
      </section>

      <section className="settings-group" aria-labelledby="group-xdlms">
        <h3 id="group-xdlms">xDLMS</h3>
        <ConformanceField />
        <Field label="Max PDU size" setting="maxPduSize" hint="client-max-receive-pdu-size">
          {(id) => <TextInput id={id} name="maxPduSize" value={d.maxPduSize} onChange={(v) => update({ maxPduSize: v })} />}
        </Field>
        <Field label="GBT window" setting="gbtWindowSize" hint="general block transfer window, 1..63">
          {(id) => <TextInput id={id} name="gbtWindowSize" value={d.gbtWindowSize} onChange={(v) => update({ gbtWindowSize: v })} />}
        </Field>
      </section>
    </form>
  );
}
