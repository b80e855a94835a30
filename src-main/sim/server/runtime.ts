// The state one simulated meter keeps across its connections: invocation counters per security
// setup, the running clocks, profile buffers changed by reset/capture. Sans-I/O: time comes from the
// injected `now`. Several association engines (one per connection) share one DeviceRuntime.
import type { DlmsData } from '../../dlms/axdr/types';
import { decodeCosemDateTime, encodeCosemDateTime, fromDate, toDate } from '../../dlms/axdr/datetime';
import { DlmsDecodeError } from '../../dlms/errors';
import type { AssociationModel, CosemObjectModel, DeviceModel } from '../device-model';

/** Reset/capture changes of one Profile generic (class 7). */
export interface ProfileOverlay {
  /** reset was called: the generated rows are gone. */
  cleared: boolean;
  /** Rows appended by capture after the generated ones. */
  extra: DlmsData[];
}

export class DeviceRuntime {
  /** Last invocation counter accepted from a client, per security setup (replay protection). */
  private readonly clientIc = new Map<string, number>();
  /** The server's own invocation counter (next value to use), per security setup. */
  private readonly serverIc = new Map<string, number>();
  private readonly clockOffset = new Map<CosemObjectModel, number>();
  private readonly overlays = new Map<CosemObjectModel, ProfileOverlay>();
  private readonly startedAt: number;

  constructor(
    readonly model: DeviceModel,
    readonly now: () => number,
  ) {
    this.startedAt = now();
  }

  // ------------------------------------------------------------------ invocation counters

  /** The last client counter accepted for this association's security setup (the start value before any). */
  lastClientIc(a: AssociationModel): number | undefined {
    return this.clientIc.get(a.securitySetup);
  }

  /** Accepts `ic` when it is above every counter seen before (Green Book 9.2.7.2.4.3); false = replay. */
  acceptClientIc(a: AssociationModel, ic: number): boolean {
    const last = this.clientIc.get(a.securitySetup);
    const ok = last === undefined ? ic >= this.model.invocationCounterStart : ic > last;
    if (ok) this.clientIc.set(a.securitySetup, ic);
    return ok;
  }

  /** The counter a client must use next: what a replay check would accept. */
  expectedClientIc(a: AssociationModel): number {
    const last = this.clientIc.get(a.securitySetup);
    return last === undefined ? this.model.invocationCounterStart : last + 1;
  }

  /** Takes the next server invocation counter for this association's security setup. */
  nextServerIc(a: AssociationModel): number {
    const ic = this.serverIc.get(a.securitySetup) ?? this.model.invocationCounterStart;
    this.serverIc.set(a.securitySetup, ic + 1);
    return ic;
  }

  /**
   * The invocation counter object 0-0:43.1.x.255 that belongs to security setup 0-0:43.0.x.255
   * (the IDIS pairing), if `obj` is one: its value is the last client counter accepted, so that a
   * client pre-reading it through the public association continues with value + 1.
   */
  invocationCounterValue(obj: CosemObjectModel): DlmsData | undefined {
    const ln = obj.logicalName;
    if (obj.classId !== 1 || ln[0] !== 0 || ln[1] !== 0 || ln[2] !== 43 || ln[3] !== 1 || ln[5] !== 255) return undefined;
    const setup = `0-0:43.0.${ln[4]}.255`;
    const a = this.model.associations.find((x) => x.securitySetup === setup);
    if (!a) return undefined;
    return { type: 'double-long-unsigned', value: this.clientIc.get(setup) ?? this.model.invocationCounterStart };
  }

  // ------------------------------------------------------------------ clocks

  /** The Clock's time: the device file's value running at the injected clock's pace, plus adjustments. */
  clockMs(obj: CosemObjectModel): { ms: number; deviation: number | null; status: number | null } | undefined {
    const stored = obj.get(2);
    if (stored?.type !== 'octet-string' || stored.value.length !== 12) return undefined;
    try {
      const dt = decodeCosemDateTime(stored.value);
      const base = toDate(dt);
      if (!base) return undefined;
      return { ms: base.getTime() + (this.now() - this.startedAt) + (this.clockOffset.get(obj) ?? 0), deviation: dt.deviation, status: dt.clockStatus };
    } catch (e) {
      if (e instanceof DlmsDecodeError) return undefined;
      throw e;
    }
  }

  clockValue(obj: CosemObjectModel): DlmsData | undefined {
    const c = this.clockMs(obj);
    if (!c) return undefined;
    return { type: 'octet-string', value: encodeCosemDateTime(fromDate(new Date(c.ms), c.deviation, { clockStatus: c.status })) };
  }

  /** Sets the clock so that it now shows `ms`. */
  setClockMs(obj: CosemObjectModel, ms: number): boolean {
    const c = this.clockMs(obj);
    if (!c) return false;
    this.clockOffset.set(obj, (this.clockOffset.get(obj) ?? 0) + (ms - c.ms));
    return true;
  }

  // ------------------------------------------------------------------ profiles

  overlay(obj: CosemObjectModel): ProfileOverlay {
    let o = this.overlays.get(obj);
    if (!o) {
      o = { cleared: false, extra: [] };
      this.overlays.set(obj, o);
    }
    return o;
  }
}
