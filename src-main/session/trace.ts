// Frames for the trace: every link-level frame in both directions, whole, as the dissector wants
// them. Sent frames are whole already (one per link 'send' command); received bytes arrive in
// arbitrary chunks, so a separate deframer of the same profile cuts them into WPDUs / HDLC frames
// (with their flags). Garbage between frames is reported as it came, so no byte is lost.

import { HdlcDeframer } from '../dlms/framing/hdlc/deframer';
import { encodeWrapperFrame, WrapperDeframer } from '../dlms/framing/wrapper';
import type { FrameDirection } from './types';

type Emit = (direction: FrameDirection, bytes: Uint8Array, layer: 'wrapper' | 'hdlc') => void;

export class FrameTracer {
  private readonly hdlc: HdlcDeframer | undefined;
  private readonly wrapper: WrapperDeframer | undefined;

  constructor(
    private readonly profile: 'wrapper' | 'hdlc',
    private readonly emit: Emit,
  ) {
    if (profile === 'hdlc') this.hdlc = new HdlcDeframer();
    else this.wrapper = new WrapperDeframer();
  }

  sent(bytes: Uint8Array): void {
    this.emit('client->server', bytes, this.profile);
  }

  received(bytes: Uint8Array): void {
    if (this.hdlc) {
      for (const e of this.hdlc.push(bytes)) {
        if (e.kind !== 'frame') continue;
        const framed = new Uint8Array(e.bytes.length + 2);
        framed[0] = 0x7e;
        framed.set(e.bytes, 1);
        framed[framed.length - 1] = 0x7e;
        this.emit('server->client', framed, 'hdlc');
      }
    } else {
      for (const e of this.wrapper!.pushEvents(bytes)) {
        if (e.kind !== 'frame') continue;
        const h = e.frame.header;
        this.emit('server->client', encodeWrapperFrame({ sourceWPort: h.sourceWPort, destinationWPort: h.destinationWPort, apdu: e.frame.apdu }), 'wrapper');
      }
    }
  }
}
